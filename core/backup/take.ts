import { parseDatabaseUrl } from "./connection";
import { dumpToTarget, DumpHooks } from "./dump";
import { BackupError, messageOf } from "./errors";
import { manifestKeyFor, newDumpKey } from "./keys";
import { BackupManifest, serializeManifest } from "./manifest";
import { checkDumpCompatible, PgToolsOptions, serverVersion, toolPath, toolVersion } from "./pg-tools";
import { createProgress, ProgressOption } from "./progress";
import { sweepDeadRunBackups } from "./sweep";
import { BackupTarget } from "./target";
import { BackupTargetConfig, createBackupTarget } from "./targets";
import { verifyStoredDump } from "./verify";

export interface TakeBackupOptions extends PgToolsOptions {
  /** The database to dump. Its password goes to pg_dump via PGPASSWORD, never argv or messages. */
  databaseUrl: string;
  target: BackupTargetConfig | BackupTarget;
  /** The stack the backup belongs to (key folder, listing, retention). */
  stack: string;
  /** The desired schema's fingerprint, recorded in the manifest. */
  schemaFingerprint?: string | null;
  /** Progress on a terminal: unset = stderr when it is a TTY, false = quiet. */
  progress?: ProgressOption;
  hooks?: DumpHooks;
  /**
   * Cancels the backup (e.g. on SIGINT): pg_dump or pg_restore is stopped, the upload aborted, and
   * the call rejects with code "cancelled", leaving nothing behind.
   */
  signal?: AbortSignal;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * Told about each leftover of a dead run (incomplete upload, unverified dump) removed from this
   * stack's folder before the dump (core/backup/sweep.ts); default: a line on stderr.
   */
  onNotice?: (message: string) => void;
}

/**
 * Takes a verified backup: checks the target and pg_dump/server versions, streams `pg_dump -Fc`
 * into the target (completed only if pg_dump exited 0), reads it back in full through pg_restore
 * comparing sha256 and size, then writes the manifest beside it and returns it. On any failure it
 * rejects with a BackupError and leaves neither dump nor manifest behind.
 */
export async function takeVerifiedBackup(options: TakeBackupOptions): Promise<BackupManifest> {
  if (!options.stack) throw new BackupError("invalid-options", "a backup needs a stack name");
  const connection = parseDatabaseUrl(options.databaseUrl);
  const target = createBackupTarget(options.target);
  const owned = target !== options.target;
  const now = options.now ?? (() => new Date());
  const signal = options.signal;
  const checkCancelled = (): void => {
    if (signal?.aborted)
      throw new BackupError(
        "cancelled",
        `backup of ${connection.display} to ${target.description} was cancelled`,
      );
  };
  try {
    checkCancelled();
    const [pgDump, server] = await Promise.all([toolVersion("pg_dump", options), serverVersion(connection)]);
    checkDumpCompatible(pgDump, server, toolPath("pg_dump", options));
    await target.preflight();
    const notify = options.onNotice ?? ((m: string) => void process.stderr.write(`schemastack: ${m}\n`));
    // Best effort: a sweep that cannot list or abort must not stop the backup.
    for (const notice of await sweepDeadRunBackups(target, options.stack).catch(() => [])) notify(notice);
    checkCancelled();

    const createdAt = now();
    const fingerprint = options.schemaFingerprint ?? null;
    const key = newDumpKey(target.prefix, options.stack, createdAt, fingerprint);
    const dumped = await dumpToTarget({
      signal,
      connection,
      target,
      key,
      tools: options,
      hooks: options.hooks,
      progress: createProgress(`dump ${connection.database} -> ${target.uriOf(key)}`, options.progress),
    }).catch((error: unknown) => {
      checkCancelled();
      throw error;
    });
    try {
      checkCancelled();
      await verifyStoredDump({
        target,
        key,
        expected: dumped,
        tools: options,
        progress: options.progress,
        signal,
        onBytes: options.hooks?.onVerifyBytes,
      });
      checkCancelled();
      const manifest: BackupManifest = {
        manifestVersion: 1,
        format: "pg_dump-custom",
        target: target.kind,
        bucket: target.bucket,
        key,
        manifestKey: manifestKeyFor(key),
        uri: target.uriOf(key),
        sizeBytes: dumped.sizeBytes,
        sha256: dumped.sha256,
        pgDumpVersion: pgDump.text,
        serverVersion: server.text,
        serverVersionNum: server.num,
        schemaFingerprint: fingerprint,
        stack: options.stack,
        database: connection.database,
        createdAt: createdAt.toISOString(),
        verifiedAt: now().toISOString(),
      };
      await target.writeText(manifest.manifestKey, serializeManifest(manifest));
      return manifest;
    } catch (error) {
      // An unverified dump must not stay where it could be mistaken for a backup.
      await target.delete(key).catch(() => undefined);
      checkCancelled();
      throw error instanceof BackupError
        ? error
        : new BackupError("verify-failed", `backup ${target.uriOf(key)} failed: ${messageOf(error)}`);
    }
  } finally {
    if (owned) target.close();
  }
}
