// SIGINT (Ctrl-C) and SIGTERM (CI time limits, `kill`): undo what the run has made so far (the
// cleanups core registered: scratch databases, branches, temporary files), then exit with the
// conventional 128 + signal number. A second signal while cleaning up exits at once.
import { pendingCleanups, runPendingCleanups } from "../core/lifecycle/cleanups";

const exitCodes: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

/** Cleanups get this long before the process exits anyway (a dead server must not keep it alive). */
const cleanupLimitMs = 20_000;

let installed = false;
let stopping = false;

/** A signal arrived and cleanup runs: errors of the interrupted command are its echo, not news. */
export function isStopping(): boolean {
  return stopping;
}

export function installSignalHandlers(err: (text: string) => void): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(exitCodes) as Array<keyof typeof exitCodes>) {
    process.on(signal, () => {
      if (stopping) process.exit(exitCodes[signal]);
      stopping = true;
      const what = pendingCleanups().map((c) => c.description);
      err(
        `schemastack: ${signal} received; ${what.length ? `removing ${what.join(", ")}` : "nothing to clean up"}\n`,
      );
      const limit = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), cleanupLimitMs).unref(),
      );
      void Promise.race([runPendingCleanups(), limit]).then((outcome) => {
        if (outcome === "timeout") err(`schemastack: cleanup did not finish within ${cleanupLimitMs} ms\n`);
        else
          for (const o of outcome)
            err(
              `schemastack: ${o.error ? `could not remove ${o.description}: ${o.error.message}` : `removed ${o.description}`}\n`,
            );
        process.exit(exitCodes[signal]);
      });
    });
  }
}
