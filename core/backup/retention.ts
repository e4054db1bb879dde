import { BackupError } from "./errors";
import { listBackups } from "./list";
import { BackupManifest } from "./manifest";
import { BackupTarget, StoredObject } from "./target";
import { BackupTargetConfig, createBackupTarget } from "./targets";

export interface RetentionOptions {
  stack: string;
  /** How many of the newest backups to keep (at least 1). */
  keep: number;
  /**
   * Backups that must survive whatever their age: those of the current and previous stack
   * version. Matched against the dump key, the manifest key or the uri.
   */
  protectedKeys?: readonly string[];
  /** Also delete dumps without a manifest older than this (default 24 h; they never verified). */
  unverifiedGraceMs?: number;
  /** Report what would be deleted without deleting. */
  dryRun?: boolean;
  now?: () => Date;
}

export interface RetentionResult {
  kept: BackupManifest[];
  deleted: BackupManifest[];
  deletedUnverified: StoredObject[];
}

/** The pure decision: which manifests to keep and which to delete. */
export function planRetention(
  backups: readonly BackupManifest[],
  keep: number,
  protectedKeys: readonly string[],
): { kept: BackupManifest[]; deleted: BackupManifest[] } {
  if (!Number.isInteger(keep) || keep < 1)
    throw new BackupError("invalid-options", `retention must keep at least 1 backup (got ${keep})`);
  const isProtected = new Set(protectedKeys);
  const newestFirst = [...backups].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.key.localeCompare(a.key),
  );
  const kept: BackupManifest[] = [];
  const deleted: BackupManifest[] = [];
  newestFirst.forEach((m, index) => {
    const pinned = isProtected.has(m.key) || isProtected.has(m.manifestKey) || isProtected.has(m.uri);
    (index < keep || pinned ? kept : deleted).push(m);
  });
  return { kept, deleted };
}

/**
 * Keeps the newest `keep` backups of a stack plus the protected ones and deletes the rest
 * (manifest first, so an interruption leaves an unclaimed dump, never a manifest without its dump).
 */
export async function applyRetention(
  where: BackupTarget | BackupTargetConfig,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const target = createBackupTarget(where);
  try {
    return await retainWith(target, options);
  } finally {
    if (target !== where) target.close();
  }
}

async function retainWith(target: BackupTarget, options: RetentionOptions): Promise<RetentionResult> {
  const listing = await listBackups(target, options.stack);
  const { kept, deleted } = planRetention(listing.backups, options.keep, options.protectedKeys ?? []);
  const cutoff =
    (options.now ?? (() => new Date()))().getTime() - (options.unverifiedGraceMs ?? 24 * 3600 * 1000);
  const deletedUnverified = listing.unverified.filter((o) => o.lastModified.getTime() < cutoff);
  if (!options.dryRun) {
    for (const m of deleted) {
      await target.delete(m.manifestKey);
      await target.delete(m.key);
    }
    for (const o of deletedUnverified) await target.delete(o.key);
  }
  return { kept, deleted, deletedUnverified };
}
