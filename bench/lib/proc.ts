// Child processes for the harness: plain runs, and runs measured by /usr/bin/time -v (wall time
// from our own clock, peak RSS from time's "Maximum resident set size").
import { spawn, spawnSync, SpawnOptions } from "child_process";
import * as fs from "fs";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export function runCommand(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    };
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, [...args], spawnOptions);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[bench] killed after ${options.timeoutMs} ms`;
          if (child.pid) process.kill(-child.pid, "SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.once("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
    // A child that exits before reading its stdin (e.g. a quick failure) must not crash the bench.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input ?? "");
  });
}

export interface MeasuredRun extends RunResult {
  maxRssKb: number;
}

/** Runs under `/usr/bin/time -v`; peak RSS of the process tree's largest process (time's semantics). */
export async function runMeasured(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<MeasuredRun> {
  const timeFile = `/tmp/bench-time-${process.pid}-${Date.now()}.txt`;
  const r = await runCommand("/usr/bin/time", ["-v", "-o", timeFile, cmd, ...args], options);
  const text = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, "utf8") : "";
  fs.rmSync(timeFile, { force: true });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return { ...r, maxRssKb: m ? Number(m[1]) : NaN };
}

export function ensureGnuTime(log: (s: string) => void): void {
  if (fs.existsSync("/usr/bin/time")) return;
  log("installing GNU time (apt-get install time) for peak-memory measurement");
  const r = spawnSync("apt-get", ["install", "-y", "time"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("apt-get install time failed");
}
