import { spawn } from "child_process";
import { registerCleanup } from "../lifecycle/cleanups";
import { libpqTimeoutEnv } from "../pg/time-budget";
import { PgConnection } from "./connection";
import { BackupError } from "./errors";
import { HashingStream } from "./hashing";
import { describeExit, exitedCleanly, PgToolsOptions, toolPath, watchChild } from "./pg-tools";
import { ProgressReporter } from "./progress";
import { BackupTarget } from "./target";

/** Test and observability hooks of a dump. */
export interface DumpHooks {
  /** pg_dump was spawned (tests kill it through this pid). */
  onDumpStarted?(pid: number): void;
  /** Bytes read from pg_dump so far. */
  onDumpBytes?(bytes: number, pid: number): void;
  /** pg_dump exited 0 and the stored object is complete (verification comes next). */
  onDumpStored?(result: DumpResult): void;
  /** Bytes of the stored dump read back into pg_restore so far, during verification. */
  onVerifyBytes?(bytes: number): void;
}

export interface DumpResult {
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams `pg_dump -Fc` into `target` under `key`, hashing on the way. The stream's end is held
 * until pg_dump's exit status is known, so the object is completed only when pg_dump exited 0;
 * otherwise the write is aborted and nothing remains under `key`.
 */
export async function dumpToTarget(args: {
  connection: PgConnection;
  target: BackupTarget;
  key: string;
  tools?: PgToolsOptions;
  hooks?: DumpHooks;
  /** Aborting stops pg_dump; the write then fails and leaves nothing. */
  signal?: AbortSignal;
  progress: ProgressReporter;
}): Promise<DumpResult> {
  const binary = toolPath("pg_dump", args.tools);
  const child = spawn(
    binary,
    ["--format=custom", "--no-password", `--dbname=${args.connection.urlWithoutPassword}`],
    {
      env: { ...process.env, ...libpqTimeoutEnv(), ...args.connection.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exit = watchChild(child);
  // A signal to this process must not leave pg_dump running on (it holds a session and a snapshot).
  if (child.pid !== undefined) {
    const unregister = registerCleanup(`pg_dump (process ${child.pid})`, async () => {
      child.kill("SIGTERM");
      await exit;
    });
    void exit.then(unregister);
  }
  let dumpFailure: BackupError | undefined;
  const succeeded = async (): Promise<void> => {
    const result = await exit;
    if (!exitedCleanly(result)) {
      dumpFailure = new BackupError(
        "dump-failed",
        `dump of database ${args.connection.display} failed: ${describeExit("pg_dump", result)}`,
      );
      throw dumpFailure;
    }
  };
  const pid = child.pid ?? -1;
  const body = new HashingStream({
    gate: succeeded,
    onBytes: (bytes) => {
      args.progress.update({ pg_dump: bytes });
      args.hooks?.onDumpBytes?.(bytes, pid);
    },
  });
  child.stdout.pipe(body);
  if (child.pid !== undefined) args.hooks?.onDumpStarted?.(child.pid);
  const stop = (): void => void child.kill("SIGTERM");
  args.signal?.addEventListener("abort", stop, { once: true });
  try {
    await args.target.writeStream(args.key, body, (stored) => args.progress.update({ stored }));
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    // Drain what pg_dump already wrote so its pipe can close and the exit be observed.
    child.stdout.unpipe(body);
    child.stdout.resume();
    await exit;
    throw dumpFailure ?? error;
  } finally {
    args.signal?.removeEventListener("abort", stop);
    args.progress.done();
  }
  await exit;
  const result = { sizeBytes: body.byteCount, sha256: body.sha256 };
  args.hooks?.onDumpStored?.(result);
  return result;
}
