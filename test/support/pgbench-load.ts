// A live-production stand-in: pgbench's TPC-B-like write load on a database, plus a watcher that
// records whether any session of that database is ever blocked by a lock (pg_blocking_pids).
// Used by the live-parent rehearsal tests and the branch bench.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { Client } from "pg";
import { postgresBinDir } from "../../localenv/postgres";

export function pgbenchPath(): string {
  return path.join(postgresBinDir(), "pgbench");
}

/** pgbench -i at the given scale (scale 1 = 100,000 accounts, about 15 MB). */
export async function initPgbench(url: string, scale: number): Promise<void> {
  const child = spawn(pgbenchPath(), ["-i", "-q", "-s", String(scale), "--no-vacuum", url], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const [code, stderr] = await exitOf(child);
  if (code !== 0) throw new Error(`pgbench -i failed (${code}): ${stderr}`);
}

export interface PgbenchLoad {
  /** pgbench's own output so far (per-transaction log lines are not kept). */
  stderr(): string;
  /** Whether pgbench is still running (it exits when every client has aborted). */
  running(): boolean;
  /** Stops the load (SIGINT, as Ctrl-C) and returns pgbench's exit code and output. */
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/**
 * Starts `clients` pgbench clients running the default write transaction until stopped. Every
 * statement runs with `lock_timeout` = lockTimeoutMs, so a write blocked that long aborts its client
 * with "canceling statement due to lock timeout" on stderr: the tests read that as "blocked".
 */
export function startPgbench(
  url: string,
  options: { clients: number; lockTimeoutMs: number; latencyLog?: string },
): PgbenchLoad {
  const args = ["-n", "-c", String(options.clients), "-j", String(options.clients), "-t", "100000000"];
  if (options.latencyLog) args.push("-l", `--log-prefix=${options.latencyLog}`);
  const child = spawn(pgbenchPath(), [...args, url], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, PGOPTIONS: `-c lock_timeout=${options.lockTimeoutMs}` },
    cwd: options.latencyLog ? path.dirname(options.latencyLog) : undefined,
  });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-65536)));
  const exited = exitOf(child);
  let alive = true;
  void exited.then(() => (alive = false));
  return {
    stderr: () => stderr,
    running: () => alive,
    stop: async () => {
      if (alive) child.kill("SIGINT");
      const [code] = await exited;
      return { code, stderr };
    },
  };
}

function exitOf(child: ChildProcess): Promise<[number | null, string]> {
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-16384)));
  return new Promise((resolve) => {
    child.once("error", (e) => resolve([null, e.message]));
    child.once("close", (code) => resolve([code, stderr]));
  });
}

export interface BlockWatch {
  /** Sessions seen waiting on a lock held by another session, with who blocked them. */
  blocked: Array<{ pid: number; application: string; query: string; blockers: string }>;
  /** How many times the database was looked at. */
  samples: number;
  stop(): Promise<void>;
}

/**
 * Looks at `database` back to back (each look is one query; the next starts when it returns) until
 * stopped, recording every session that waits for a lock held by a session of another application
 * than `ownApplications` (pgbench's clients contend for the same rows among themselves: that is the
 * load's own contention, not something the copy caused).
 */
export function watchBlocking(
  adminUrl: string,
  database: string,
  ownApplications: readonly string[] = ["pgbench"],
): BlockWatch {
  const client = new Client({ connectionString: adminUrl, application_name: "schemastack-block-watch" });
  client.on("error", () => undefined);
  let stopping = false;
  const watch: BlockWatch = { blocked: [], samples: 0, stop: async () => undefined };
  const loop = (async () => {
    await client.connect();
    while (!stopping) {
      const r = await client.query<{ pid: number; application: string; query: string; blockers: string }>(
        `select a.pid, a.application_name as application, a.query,
                (select string_agg(b.pid || ' ' || b.application_name || ': ' || left(b.query, 80), '; ')
                   from pg_stat_activity b where b.pid = any (pg_blocking_pids(a.pid))) as blockers
           from pg_stat_activity a
          where a.datname = $1
            and exists (select 1 from pg_stat_activity b
                         where b.pid = any (pg_blocking_pids(a.pid)) and b.application_name <> all ($2::text[]))`,
        [database, ownApplications],
      );
      watch.samples++;
      watch.blocked.push(...r.rows);
    }
  })();
  watch.stop = async () => {
    stopping = true;
    await loop;
    await client.end().catch(() => undefined);
  };
  return watch;
}
