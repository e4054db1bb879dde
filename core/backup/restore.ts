import { spawn } from "child_process";
import { libpqTimeoutEnv } from "../pg/time-budget";
import { randomBytes } from "crypto";
import { withClient } from "../pg/with-client";
import { quoteIdent } from "../sql/quote";
import { Writable } from "stream";
import { pipeline } from "stream/promises";
import { parseDatabaseUrl, withDatabase } from "./connection";
import { archiveRelations, checkTablesPresent } from "./archive";
import { BackupError, messageOf } from "./errors";
import { HashingStream } from "./hashing";
import { manifestKeyFor } from "./keys";
import { BackupLocation, parseBackupLocation, targetFor } from "./location";
import { BackupManifest, parseManifest } from "./manifest";
import { describeExit, exitedCleanly, PgToolsOptions, toolPath, watchChild } from "./pg-tools";
import { createProgress, ProgressOption } from "./progress";
import { S3ConnectionOptions } from "./s3-target";
import { BackupTarget } from "./target";

export interface RestoreOptions extends PgToolsOptions {
  /** s3://bucket/key or a path, of the dump or of its manifest. */
  from: string | BackupLocation;
  /** The database to restore into (must exist). */
  databaseUrl: string;
  /** Only these tables (`pg_restore -t NAME`, each name matched in any schema); default: everything. */
  tables?: readonly string[];
  /** Drop each restored object first (`--clean --if-exists`); default true. */
  clean?: boolean;
  /** Skip ownership and grants (`--no-owner --no-privileges`), for a server without the dump's roles. */
  noOwner?: boolean;
  /** How to reach S3 for s3:// locations (the bucket comes from the location). */
  s3?: S3ConnectionOptions;
  progress?: ProgressOption;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** The tables restored, or null for the whole dump. */
  tables: string[] | null;
}

/** Reads the manifest beside a dump and checks the stored dump's size and sha256 against it. */
export async function checkStoredBackup(
  target: BackupTarget,
  key: string,
  progress?: ProgressOption,
): Promise<{ manifest: BackupManifest; version: string }> {
  const where = target.uriOf(key);
  const text = await target.readText(manifestKeyFor(key));
  if (text === undefined) {
    throw new BackupError(
      "manifest-missing",
      `${where} has no manifest (${manifestKeyFor(key)}): it was never verified or is not a schemastack backup`,
    );
  }
  const manifest = parseManifest(text, target.uriOf(manifestKeyFor(key)));
  const stat = await target.stat(key);
  if (!stat) throw new BackupError("object-missing", `${where} does not exist (its manifest does)`);
  if (stat.size !== manifest.sizeBytes) {
    throw new BackupError(
      "checksum-mismatch",
      `${where} is ${stat.size} bytes but its manifest says ${manifest.sizeBytes}`,
    );
  }
  const object = await target.readStream(key, stat.version);
  const report = createProgress(`check ${where}`, progress);
  const meter = new HashingStream({ onBytes: (bytes) => report.update({ downloaded: bytes }) });
  try {
    await pipeline(object.stream, meter, new Writable({ write: (_chunk, _encoding, done) => done() }));
  } catch (error) {
    throw error instanceof BackupError
      ? error
      : new BackupError("storage-error", `reading ${where} failed: ${messageOf(error)}`);
  } finally {
    report.done();
  }
  if (meter.byteCount !== manifest.sizeBytes || meter.sha256 !== manifest.sha256) {
    throw new BackupError(
      "checksum-mismatch",
      `${where}: read ${meter.byteCount} bytes with sha256 ${meter.sha256}, manifest says ${manifest.sizeBytes} bytes with sha256 ${manifest.sha256}`,
    );
  }
  return { manifest, version: stat.version };
}

/**
 * Restores a verified backup into an existing database: the manifest and the dump's checksum are
 * checked first (a full read), then the dump streams into `pg_restore --single-transaction`, so a
 * failed restore changes nothing.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const location = typeof options.from === "string" ? parseBackupLocation(options.from) : options.from;
  const connection = parseDatabaseUrl(options.databaseUrl);
  const target = targetFor(location, options.s3);
  try {
    const { manifest, version } = await checkStoredBackup(target, location.key, options.progress);
    const tables = options.tables && options.tables.length > 0 ? [...options.tables] : null;
    if (tables) {
      // pg_restore -t silently restores nothing for a name it does not find: check first.
      const toc = await target.readStream(location.key, version);
      checkTablesPresent(
        tables,
        await archiveRelations(toc.stream, target.uriOf(location.key), options),
        target.uriOf(location.key),
      );
    }
    const args = [
      `--dbname=${connection.urlWithoutPassword}`,
      "--no-password",
      "--single-transaction",
      "--exit-on-error",
      ...((options.clean ?? true) ? ["--clean", "--if-exists"] : []),
      ...(options.noOwner ? ["--no-owner", "--no-privileges"] : []),
      ...(tables ?? []).flatMap((t) => ["--table", t]),
    ];
    const where = target.uriOf(location.key);
    const object = await target.readStream(location.key, version);
    const child = spawn(toolPath("pg_restore", options), args, {
      env: { ...process.env, ...libpqTimeoutEnv(), ...connection.env },
      stdio: ["pipe", "ignore", "pipe"],
    });
    const exit = watchChild(child);
    child.stdin.on("error", () => undefined);
    const report = createProgress(`restore ${where} -> ${connection.display}`, options.progress);
    const meter = new HashingStream({ onBytes: (bytes) => report.update({ restored: bytes }) });
    const [piped, exited] = await Promise.allSettled([pipeline(object.stream, meter, child.stdin), exit]);
    report.done();
    const result = exited.status === "fulfilled" ? exited.value : undefined;
    if (!result || !exitedCleanly(result)) {
      object.stream.destroy();
      throw new BackupError(
        "restore-failed",
        `restore of ${where} into ${connection.display} failed (nothing was committed): ${result ? describeExit("pg_restore", result) : "pg_restore did not run"}`,
      );
    }
    // pg_restore may stop reading early when only some tables are wanted (EPIPE); that is fine.
    // A complete second read must match what was checked.
    if (piped.status === "fulfilled" && meter.sha256 !== manifest.sha256) {
      throw new BackupError("checksum-mismatch", `${where} changed between its check and its restore`);
    }
    return { manifest, tables };
  } finally {
    target.close();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  manifest: BackupManifest;
  drop(): Promise<void>;
}

/**
 * Restores a backup (or some of its tables) into a new, uniquely named database on the server of
 * `serverUrl`, so a caller (rollback) can copy data out of it; `drop()` removes it.
 */
export async function restoreIntoScratchDatabase(
  options: Omit<RestoreOptions, "databaseUrl" | "clean"> & { serverUrl: string; namePrefix?: string },
): Promise<ScratchDatabase> {
  const server = parseDatabaseUrl(options.serverUrl);
  const name =
    `${(options.namePrefix ?? "schemastack_restore").replace(/[^a-z0-9_]/g, "_")}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`.slice(
      0,
      63,
    );
  const admin = async (sql: string): Promise<void> => {
    try {
      await withClient(server.url, (client) => client.query(sql));
    } catch (error) {
      throw new BackupError(
        "database-unreachable",
        `scratch database ${name} on ${server.display}: ${messageOf(error)}`,
      );
    }
  };
  await admin(`CREATE DATABASE ${quoteIdent(name)}`);
  const drop = (): Promise<void> => admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  const url = withDatabase(options.serverUrl, name);
  try {
    const { manifest } = await restoreBackup({ ...options, databaseUrl: url, clean: false });
    return { name, url, manifest, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
