// Real processes for the adversarial suite: the schemastack CLI, and process groups that can be
// signalled as a whole (the pulumi CLI spawns a language host and provider processes).
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export const schemastackBin = path.join(__dirname, "../../../cli/bin/schemastack");

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  done: Promise<Finished>;
  /** Signals the whole process group (the child was started as its leader). */
  kill: (signal: NodeJS.Signals) => void;
}

export function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Running {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    output: () => stdout + stderr,
    done,
    kill: (signal) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
  };
}

export function schemastack(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  return start(process.execPath, [schemastackBin, ...args], env).done;
}

/** Resolves once `predicate(output)` holds (polling), or rejects after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  pollMs = 100,
): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
