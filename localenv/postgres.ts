import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run, stablePort, waitForPort } from "./process";

/** Where Debian's packages put the server binaries; SCHEMASTACK_PG_BIN overrides. */
export function postgresBinDir(): string {
  if (process.env.SCHEMASTACK_PG_BIN) return process.env.SCHEMASTACK_PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "no PostgreSQL server found under /usr/lib/postgresql: run `npm run bootstrap` (installs Debian's postgresql)",
    );
  }
  return path.join(root, versions[0], "bin");
}

export interface PostgresClusterOptions {
  /** Data and socket folder of this private cluster. */
  dir: string;
  /** Throwaway clusters (tests) trade durability for speed. */
  durable: boolean;
}

/**
 * A private PostgreSQL cluster: its own data directory, port and socket folder, never the
 * system cluster. initdb and postgres refuse to run as root, so as root they run as `postgres`.
 */
export class PostgresCluster {
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;

  constructor(private readonly options: PostgresClusterOptions) {
    this.dataDir = path.join(options.dir, "data");
    this.socketDir = path.join(options.dir, "sock");
    this.logFile = path.join(options.dir, "postgres.log");
  }

  /** Starts the cluster (creating it on first use) and returns its port. Reuses a running one. */
  async start(): Promise<number> {
    fs.mkdirSync(this.options.dir, { recursive: true });
    const running = await this.runningPort();
    if (running !== undefined) return running;

    if (!fs.existsSync(path.join(this.dataDir, "PG_VERSION"))) {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
      fs.mkdirSync(this.dataDir, { recursive: true });
      this.giveToServerUser(this.options.dir);
      await this.asServerUser("initdb", [
        "-D",
        this.dataDir,
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
      ]);
    }
    fs.mkdirSync(this.socketDir, { recursive: true });
    this.giveToServerUser(this.options.dir);
    // A crashed run can leave postmaster.pid behind; postgres itself checks whether that pid
    // is still a postmaster, so a stale file does not block the start.
    const port = await stablePort(path.join(this.options.dir, "port"));
    const settings = [
      `-p ${port}`,
      `-k ${this.socketDir}`,
      "-c listen_addresses=127.0.0.1",
      "-c max_connections=300",
      ...(this.options.durable
        ? []
        : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
    ].join(" ");
    await this.asServerUser("pg_ctl", [
      "-D",
      this.dataDir,
      "-l",
      this.logFile,
      "-w",
      "-t",
      "60",
      "-o",
      settings,
      "start",
    ]);
    await waitForPort(port, "PostgreSQL", 30_000, this.logFile);
    return port;
  }

  /** Fast shutdown; a no-op when not running. */
  async stop(): Promise<void> {
    if ((await this.runningPort()) === undefined) return;
    await this.asServerUser("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
  }

  /** The port of a live postmaster for this data directory, from postmaster.pid. */
  private async runningPort(): Promise<number | undefined> {
    const pidFile = path.join(this.dataDir, "postmaster.pid");
    if (!fs.existsSync(pidFile)) return undefined;
    try {
      await this.asServerUser("pg_ctl", ["-D", this.dataDir, "status"]);
    } catch {
      return undefined;
    }
    const lines = fs.readFileSync(pidFile, "utf8").split("\n");
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  }

  private asServerUser(tool: string, args: string[]): Promise<string> {
    const binary = path.join(postgresBinDir(), tool);
    if (process.getuid?.() === 0) {
      return run("runuser", ["-u", "postgres", "--", binary, ...args], { cwd: os.tmpdir() });
    }
    return run(binary, args, { cwd: os.tmpdir() });
  }

  private giveToServerUser(dir: string): void {
    if (process.getuid?.() !== 0) return;
    const { uid, gid } = serverUser();
    for (const entry of walk(dir)) fs.chownSync(entry, uid, gid);
    fs.chmodSync(this.dataDir, 0o700);
  }
}

function serverUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line)
    throw new Error("running as root but there is no `postgres` user: install Debian's postgresql package");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function* walk(dir: string): Generator<string> {
  yield dir;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
