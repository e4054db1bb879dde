import { execFile, spawn, SpawnOptions } from "child_process";
import * as fs from "fs";
import * as net from "net";

/** Runs a command to completion, returning stdout; the error names the command and its stderr. */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(" ")} failed: ${stderr.trim() || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** Starts a long-lived server in its own process group, logging to a file, and records its pid. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  logFile: string,
  pidFile: string,
  options: SpawnOptions = {},
): number {
  const log = fs.openSync(logFile, "a");
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  if (child.pid === undefined) {
    throw new Error(`could not start ${command}`);
  }
  child.unref();
  fs.writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the process group recorded in pidFile (a leftover from a crashed run included) and removes the file. */
export async function stopRecorded(pidFile: string): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    signalGroup(pid, "SIGTERM");
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) signalGroup(pid, "SIGKILL");
  }
  fs.rmSync(pidFile, { force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The port remembered in `file` when it is still free, else a new free one (remembered). Stable
 * ports keep URLs in Pulumi state valid between runs of a persistent environment.
 */
export async function stablePort(file: string): Promise<number> {
  const remembered = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) : NaN;
  if (Number.isInteger(remembered) && remembered > 0 && (await isFree(remembered))) return remembered;
  const port = await freePort();
  fs.writeFileSync(file, String(port));
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Waits until something accepts TCP connections on the port, or fails after timeoutMs. */
export async function waitForPort(
  port: number,
  what: string,
  timeoutMs = 30_000,
  logFile?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  const tail =
    logFile && fs.existsSync(logFile)
      ? `\n${fs.readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n")}`
      : "";
  throw new Error(`${what} did not start listening on 127.0.0.1:${port} within ${timeoutMs} ms${tail}`);
}
