import { BackupError } from "./errors";

/**
 * What a verified backup is: written as JSON beside the dump (`<dump key>.manifest.json`) only
 * after verification, so a manifest's existence means "this dump restores". Absent values are
 * null, never undefined, so the object can be a Pulumi output as is. It never holds the database
 * URL or any credential.
 */
export interface BackupManifest {
  manifestVersion: 1;
  /** pg_dump's custom format (`pg_dump -Fc`). */
  format: "pg_dump-custom";
  target: "s3" | "folder";
  /** S3 bucket, null for a folder. */
  bucket: string | null;
  /** The dump's key within the target (S3 key, or path relative to the folder). */
  key: string;
  /** The manifest's own key. */
  manifestKey: string;
  /** s3://bucket/key, or the dump's absolute path. */
  uri: string;
  sizeBytes: number;
  /** sha256 (hex) of the dump as uploaded, equal to what verification read back. */
  sha256: string;
  pgDumpVersion: string;
  serverVersion: string;
  serverVersionNum: number;
  schemaFingerprint: string | null;
  stack: string;
  /** The database name only: never its URL or password. */
  database: string;
  /** When pg_dump started: the dump is a snapshot of this moment. */
  createdAt: string;
  verifiedAt: string;
}

export function serializeManifest(manifest: BackupManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Parses and checks a manifest; `where` names it in errors. */
export function parseManifest(text: string, where: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError("manifest-invalid", `manifest ${where} is not valid JSON`);
  }
  const bad = (field: string): never => {
    throw new BackupError("manifest-invalid", `manifest ${where}: missing or invalid "${field}"`);
  };
  if (typeof value !== "object" || value === null) return bad("(root)");
  const m = value as Record<string, unknown>;
  if (m.manifestVersion !== 1) bad("manifestVersion");
  if (m.format !== "pg_dump-custom") bad("format");
  if (m.target !== "s3" && m.target !== "folder") bad("target");
  for (const field of [
    "key",
    "manifestKey",
    "uri",
    "pgDumpVersion",
    "serverVersion",
    "stack",
    "database",
    "createdAt",
    "verifiedAt",
  ]) {
    if (typeof m[field] !== "string") bad(field);
  }
  for (const field of ["bucket", "schemaFingerprint"]) {
    if (m[field] !== null && typeof m[field] !== "string") bad(field);
  }
  if (typeof m.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(m.sha256)) bad("sha256");
  if (typeof m.sizeBytes !== "number" || !Number.isSafeInteger(m.sizeBytes) || m.sizeBytes <= 0)
    bad("sizeBytes");
  if (typeof m.serverVersionNum !== "number") bad("serverVersionNum");
  return value as BackupManifest;
}
