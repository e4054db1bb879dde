// How the processes `pulumi up` starts remove what they made when the update is stopped midway.
// Pulumi runs the program (under the language host) and each provider in a process group of its
// own, so a Ctrl-C or `kill` reaches only the CLI. The CLI's first SIGINT/SIGTERM cancels gently
// (no new steps; running ones finish); the second terminates: the engine then closes every plugin
// by sending SIGINT to its process group and SIGKILL 5 s later (pulumi sdk/go/common/resource/
// plugin/plugin.go). A CLI that is SIGKILLed closes nothing: its plugins are orphaned while their
// work goes on. So, in the program and in the provider process:
// - SIGINT/SIGTERM run the cleanups core registered (scratch databases, rehearsal branches,
//   incomplete uploads, pg_dump, sessions), bounded to fit in Pulumi's 5 s, then the process dies
//   of the signal as it would have without a handler;
// - the provider process also watches the engine's address (its only argument), as Pulumi's own
//   providers do with a health check, and stops the same way once the engine is gone.
// What a run killed outright leaves (every process SIGKILLed) is removed by the next run, which
// can tell a dead run's leftovers by the owner in their names (core/lifecycle/run-owner.ts).
import * as net from "net";
import { pendingCleanups, runPendingCleanups } from "../core/lifecycle/cleanups";

/** Below the 5 s Pulumi waits between its SIGINT and its SIGKILL. */
const cleanupLimitMs = 4_000;
/** How often the provider process checks that the engine still listens. */
const engineCheckMs = 1_000;

const stopSignals = ["SIGINT", "SIGTERM"] as const;
type StopSignal = (typeof stopSignals)[number];

let installed = false;
let stopping = false;

function log(text: string): void {
  process.stderr.write(`schemastack: ${text}\n`);
}

/** Runs the pending cleanups (at most cleanupLimitMs), then lets `signal` end the process. */
function stop(signal: StopSignal, why: string): void {
  // Pulumi may signal the group again, or the engine check may fire meanwhile: one cleanup only.
  if (stopping) return;
  stopping = true;
  const what = pendingCleanups().map((c) => c.description);
  if (what.length) log(`${why}; removing ${what.join(", ")}`);
  const limit = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), cleanupLimitMs).unref(),
  );
  void Promise.race([runPendingCleanups(), limit]).then((outcome) => {
    if (outcome === "timeout") log(`cleanup did not finish within ${cleanupLimitMs} ms`);
    else
      for (const o of outcome)
        log(o.error ? `could not remove ${o.description}: ${o.error.message}` : `removed ${o.description}`);
    // Die of the signal itself (exit status and parent's view as without a handler), not exit().
    for (const s of stopSignals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  });
}

function onSignals(): void {
  for (const signal of stopSignals) process.on(signal, () => stop(signal, `${signal} received`));
}

/** True when this process runs `entry` of @pulumi/pulumi (`cmd/run`, `cmd/dynamic-provider`). */
function isPulumiProcess(entry: string): boolean {
  const main = (require.main?.filename ?? "").replace(/\\/g, "/");
  return main.includes(`/@pulumi/pulumi/${entry}/`);
}

/**
 * In a Pulumi program process (the runner of @pulumi/pulumi): SIGINT/SIGTERM remove what the
 * program made (the render's scratch database). Anywhere else (tests, inline Automation API
 * programs running inside their caller) this does nothing: signals stay the host process's own.
 */
export function installProgramStopHandlers(): void {
  if (installed || !isPulumiProcess("cmd/run")) return;
  installed = true;
  onSignals();
}

/** In a dynamic provider process: SIGINT/SIGTERM and a vanished engine remove what it made. */
export function installProviderStopHandlers(): void {
  if (installed || !isPulumiProcess("cmd/dynamic-provider")) return;
  installed = true;
  onSignals();
  const address = /^(.+):(\d+)$/.exec(process.argv[2] ?? "");
  if (!address) return;
  let failures = 0;
  const timer = setInterval(() => {
    const socket = net.connect({ host: address[1], port: Number(address[2]) });
    socket.setTimeout(engineCheckMs);
    const done = (reachable: boolean) => {
      socket.destroy();
      // Two misses in a row: one refused connection is not yet an engine that is gone.
      failures = reachable ? 0 : failures + 1;
      if (failures >= 2) {
        clearInterval(timer);
        stop("SIGTERM", "the Pulumi engine is gone (pulumi was killed)");
      }
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(true)); // slow, not gone
  }, engineCheckMs);
  timer.unref();
}
