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
