import { messageOf } from "./errors";
import { dumpSuffix, manifestKeyFor, manifestSuffix, normalizePrefix, stackPrefix } from "./keys";
import { BackupManifest, parseManifest } from "./manifest";
import { BackupTarget, StoredObject } from "./target";
import { BackupTargetConfig, createBackupTarget } from "./targets";

export interface BackupListing {
  /** Verified backups (those with a valid manifest), newest first. */
  backups: BackupManifest[];
  /** Dumps without a manifest: interrupted runs or backups being verified right now. */
  unverified: StoredObject[];
  /** Manifests that could not be read, with the reason. */
  invalid: { key: string; reason: string }[];
}

/** Lists the backups of one stack, or of every stack under the target's prefix. */
export async function listBackups(
  where: BackupTarget | BackupTargetConfig,
  stack?: string,
): Promise<BackupListing> {
  const target = createBackupTarget(where);
  try {
    return await listWith(target, stack);
  } finally {
    if (target !== where) target.close();
  }
}

async function listWith(target: BackupTarget, stack: string | undefined): Promise<BackupListing> {
  const prefix = stack !== undefined ? stackPrefix(target.prefix, stack) : normalizePrefix(target.prefix);
  const objects = await target.list(prefix);
  const keys = new Set(objects.map((o) => o.key));
  const backups: BackupManifest[] = [];
  const invalid: { key: string; reason: string }[] = [];
  for (const object of objects) {
    if (!object.key.endsWith(manifestSuffix)) continue;
    try {
      const text = await target.readText(object.key);
      if (text === undefined) continue; // deleted meanwhile
      const manifest = parseManifest(text, target.uriOf(object.key));
      if (stack !== undefined && manifest.stack !== stack) continue;
      backups.push(manifest);
    } catch (error) {
      invalid.push({ key: object.key, reason: messageOf(error) });
    }
  }
  const unverified = objects.filter((o) => o.key.endsWith(dumpSuffix) && !keys.has(manifestKeyFor(o.key)));
  backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.key.localeCompare(a.key));
  return { backups, unverified, invalid };
}

/** One row of `schemastack backups list`: a verified backup or a dump without a manifest. */
export interface BackupRow {
  uri: string;
  stack: string | null;
  sizeBytes: number;
  /** When the dump was taken (manifest) or last written (unverified dump). */
  takenAt: string;
  ageSeconds: number;
  verified: boolean;
  verifiedAt: string | null;
  schemaFingerprint: string | null;
  /** The stack update that took it ("version 3 (update succeeded)"), when the stack's history was read. */
  update: string | null;
}

/** The listing as rows, newest first, with ages against `now` and the update of each where known. */
export function backupRows(
  listing: BackupListing,
  uriOf: (key: string) => string,
  now: Date,
  updateOf: (key: string) => string | null = () => null,
): BackupRow[] {
  const age = (iso: string) => Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  const rows: BackupRow[] = [
    ...listing.backups.map((m) => ({
      uri: m.uri,
      stack: m.stack,
      sizeBytes: m.sizeBytes,
      takenAt: m.createdAt,
      ageSeconds: age(m.createdAt),
      verified: true,
      verifiedAt: m.verifiedAt,
      schemaFingerprint: m.schemaFingerprint,
      update: updateOf(m.key),
    })),
    ...listing.unverified.map((o) => ({
      uri: uriOf(o.key),
      stack: null,
      sizeBytes: o.size,
      takenAt: o.lastModified.toISOString(),
      ageSeconds: age(o.lastModified.toISOString()),
      verified: false,
      verifiedAt: null,
      schemaFingerprint: null,
      update: updateOf(o.key),
    })),
  ];
  return rows.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** 45 s, 12 min, 5 h, 3 d. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** The rows as an aligned table (location last, unpadded). */
export function formatBackupTable(rows: readonly BackupRow[], formatBytes: (n: number) => string): string {
  const header = ["TAKEN", "AGE", "STACK", "SIZE", "VERIFIED", "SCHEMA", "UPDATE", "LOCATION"];
  const cells = rows.map((r) => [
    r.takenAt,
    formatAge(r.ageSeconds),
    r.stack ?? "-",
    formatBytes(r.sizeBytes),
    r.verified ? "yes" : "NO (no manifest)",
    (r.schemaFingerprint ?? "-").slice(0, 12),
    r.update ?? "-",
    r.uri,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells]
    .map((c) => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "))
    .join("\n");
}
