import { spawn } from "child_process";
import { pipeline } from "stream/promises";
import { BackupError, messageOf } from "./errors";
import { HashingStream } from "./hashing";
import { describeExit, exitedCleanly, PgToolsOptions, toolPath, watchChild } from "./pg-tools";
import { createProgress, ProgressOption } from "./progress";
import { BackupTarget } from "./target";

export interface Expected {
  sizeBytes: number;
  sha256: string;
}

/**
 * Reads the stored dump back in full through `pg_restore -f /dev/null` (which parses every TOC
 * entry and data block; `pg_restore --list` would pass a truncated dump) and checks that the bytes
 * read back have the size and sha256 computed while uploading.
 */
export async function verifyStoredDump(args: {
  target: BackupTarget;
  key: string;
  expected: Expected;
  tools?: PgToolsOptions;
  progress?: ProgressOption;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}): Promise<void> {
  const where = args.target.uriOf(args.key);
  const object = await args.target.readStream(args.key);
  const progress = createProgress("verify", args.progress);
  const child = spawn(toolPath("pg_restore", args.tools), ["--file=/dev/null"], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  const exit = watchChild(child);
  const stop = (): void => void child.kill("SIGTERM");
  args.signal?.addEventListener("abort", stop, { once: true });
  void exit.then(() => args.signal?.removeEventListener("abort", stop));
  const meter = new HashingStream({
    onBytes: (bytes) => {
      progress.update({ read: bytes });
      args.onBytes?.(bytes);
    },
  });
  // EPIPE on stdin when pg_restore gives up early is expected; its exit status tells why.
  child.stdin.on("error", () => undefined);
  const [piped, exited] = await Promise.allSettled([pipeline(object.stream, meter, child.stdin), exit]);
  progress.done();
  const result = exited.status === "fulfilled" ? exited.value : undefined;
  if (!result || !exitedCleanly(result)) {
    object.stream.destroy();
    throw new BackupError(
      "verify-failed",
      `verification of ${where} failed: ${result ? describeExit("pg_restore", result) : "pg_restore did not run"}`,
    );
  }
  if (piped.status === "rejected") {
    throw new BackupError(
      "verify-failed",
      `verification of ${where} failed while reading it back: ${messageOf(piped.reason)}`,
    );
  }
  if (meter.byteCount !== args.expected.sizeBytes || meter.sha256 !== args.expected.sha256) {
    throw new BackupError(
      "checksum-mismatch",
      `verification of ${where} failed: read back ${meter.byteCount} bytes with sha256 ${meter.sha256}, ` +
        `expected ${args.expected.sizeBytes} bytes with sha256 ${args.expected.sha256}`,
    );
  }
}
