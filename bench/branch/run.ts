// Branch creation time on a database of at least 300 MB, every local method in the same run:
//   npx ts-node bench/branch/run.ts [--rounds N] [--scale S]
// Methods: the local driver's template method (the default), the same copy with the WAL_LOG strategy,
// the local driver's basebackup method (clone + server start), and pg_dump | pg_restore into a new
// database. Runs on its own throwaway cluster (fsync off, like the test cluster) and writes
// bench/branch/RESULTS.md.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BranchHandle, LocalBranchDriver } from "../../core/branch";
import { localClusterRunner } from "../../localenv/branch-clusters";
import { withDatabase } from "../../core/backup/connection";
import { flag } from "../lib/args";
import { query } from "../lib/sql";
import { stateRoot } from "../../localenv/paths";
import { PostgresCluster, postgresBinDir } from "../../localenv/postgres";
import { run } from "../../localenv/process";

const rounds = Number(flag("rounds") ?? "3");
const scale = Number(flag("scale") ?? "22"); // pgbench scale 22 is about 336 MB

const withDb = withDatabase;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** pg_dump -Fc piped straight into pg_restore, as a user without branching would copy a database. */
function dumpRestore(from: string, to: string): Promise<void> {
  const bin = postgresBinDir();
  return new Promise((resolve, reject) => {
    const dump = spawn(path.join(bin, "pg_dump"), ["-Fc", "-d", from], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const restore = spawn(path.join(bin, "pg_restore"), ["--no-owner", "-d", to], {
      stdio: ["pipe", "ignore", "inherit"],
    });
    dump.stdout.pipe(restore.stdin);
    let pending = 2;
    const done = (what: string) => (code: number | null) => {
      if (code !== 0) return reject(new Error(`${what} exited ${code}`));
      if (--pending === 0) resolve();
    };
    dump.on("exit", done("pg_dump"));
    restore.on("exit", done("pg_restore"));
  });
}

interface Sample {
  method: string;
  ms: number[];
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const dir = path.join(stateRoot(), "env", "bench-branch");
  fs.rmSync(dir, { recursive: true, force: true });
  const cluster = new PostgresCluster({ dir: path.join(dir, "postgres"), durable: false });
  const port = await cluster.start();
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const parentUrl = withDb(admin, "bench_parent");
  try {
    await query(admin, "create database bench_parent");
    console.log(`loading pgbench scale ${scale} ...`);
    await run(path.join(postgresBinDir(), "pgbench"), ["-i", "-q", "-s", String(scale), parentUrl]);
    await query(parentUrl, "checkpoint");
    const [{ bytes }] = await query<{ bytes: string }>(
      admin,
      "select pg_database_size('bench_parent')::text as bytes",
    );
    const [{ cluster: clusterBytes }] = await query<{ cluster: string }>(
      admin,
      "select sum(pg_database_size(datname))::text as cluster from pg_database",
    );
    const [{ rows: expected }] = await query<{ rows: string }>(
      parentUrl,
      "select count(*)::text as rows from pgbench_accounts",
    );
    const mb = Number(bytes) / 1024 / 1024;
    if (mb < 300) throw new Error(`parent is only ${mb.toFixed(0)} MB: raise --scale`);
    console.log(`parent ${mb.toFixed(0)} MB, ${expected} rows in pgbench_accounts`);

    const template = new LocalBranchDriver({ method: "template", adminUrl: admin });
    const basebackup = new LocalBranchDriver({
      method: "basebackup",
      adminUrl: admin,
      clustersDir: path.join(dir, "clusters"),
      clusters: localClusterRunner,
    });
    const check = async (url: string) => {
      const [{ rows }] = await query<{ rows: string }>(
        url,
        "select count(*)::text as rows from pgbench_accounts",
      );
      if (rows !== expected) throw new Error(`copy at ${url} has ${rows} rows, expected ${expected}`);
    };

    const samples: Sample[] = [
      { method: "template, STRATEGY FILE_COPY (local driver default)", ms: [] },
      { method: "template, STRATEGY WAL_LOG (PostgreSQL 15 default)", ms: [] },
      { method: "pg_basebackup clone + server start (local driver, basebackup)", ms: [] },
      { method: "pg_dump -Fc \\| pg_restore into a new database", ms: [] },
    ];
    for (let round = 1; round <= rounds; round++) {
      let handle: BranchHandle | undefined;
      samples[0].ms.push(
        await timed(async () => {
          handle = await template.createBranch(parentUrl, { name: "b_template" });
        }),
      );
      if (!handle) throw new Error("no template branch");
      await check(handle.connectionUrl);
      await template.deleteBranch(handle);

      samples[1].ms.push(
        await timed(() => query(admin, "create database b_wal_log template bench_parent strategy wal_log")),
      );
      await check(withDb(admin, "b_wal_log"));
      await query(admin, "drop database b_wal_log");

      samples[2].ms.push(
        await timed(async () => {
          handle = await basebackup.createBranch(parentUrl, { name: "b_clone" });
        }),
      );
      if (!handle) throw new Error("no clone");
      await check(handle.connectionUrl);
      await basebackup.deleteBranch(handle);

      samples[3].ms.push(
        await timed(async () => {
          await query(admin, "create database b_dump");
          await dumpRestore(parentUrl, withDb(admin, "b_dump"));
        }),
      );
      await check(withDb(admin, "b_dump"));
      await query(admin, "drop database b_dump");
      console.log(
        `round ${round}: ${samples.map((s) => `${s.ms[s.ms.length - 1].toFixed(0)} ms`).join(", ")}`,
      );
    }
    writeResults(samples, mb, Number(clusterBytes) / 1024 / 1024, expected, [loadBefore, os.loadavg()[0]]);
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function writeResults(
  samples: Sample[],
  parentMb: number,
  clusterMb: number,
  rows: string,
  load: number[],
): void {
  const base = median(samples[0].ms);
  const version = fs.readdirSync("/usr/lib/postgresql").sort().pop() ?? "?";
  const lines = [
    "# Branch creation time, local methods",
    "",
    "Command: `npx ts-node bench/branch/run.ts` (options `--rounds N`, `--scale S`).",
    "",
    `Run ${new Date().toISOString()} on ${os.cpus().length} cores, PostgreSQL ${version}, a throwaway cluster with fsync off ` +
      `(like the test cluster). Parent: pgbench scale ${scale}, ${parentMb.toFixed(0)} MB (${rows} rows in pgbench_accounts); ` +
      `whole cluster ${clusterMb.toFixed(0)} MB. Each copy is checked by its row count; ${rounds} rounds, time to a usable copy. ` +
      `1-minute load average ${load.map((l) => l.toFixed(1)).join(" before, ")} after (the machine is shared).`,
    "",
    "| method | median | min | max | median vs default |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...samples.map(
      (s) =>
        `| ${s.method} | ${fmt(median(s.ms))} | ${fmt(Math.min(...s.ms))} | ${fmt(Math.max(...s.ms))} | ${(median(s.ms) / base).toFixed(2)}x |`,
    ),
    "",
    "Notes:",
    "- The template copy needs the parent idle (no other sessions); the basebackup clone copies a live",
    "  parent but copies the whole cluster, so its time grows with every other database on the server,",
    "  and it includes starting a server. pg_dump | pg_restore rebuilds indexes and is single-threaded in a pipe.",
    "- The bench cluster holds little besides the parent; on a busy shared server the clone's share grows.",
    "- Choice: for an idle parent the local driver's auto method (the default) takes the template copy with FILE_COPY,",
    "  the fastest here and a file-level copy of exactly the parent database; a live parent gets the dump method",
    '  (see the live-parent section below); `method: "basebackup"` stays available on request.',
    "",
  ];
  // Keep the live-parent section bench/branch/live.ts writes into the same file.
  const file = path.join(__dirname, "RESULTS.md");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const live = /<!-- live-parent:start -->[\s\S]*<!-- live-parent:end -->\n?/.exec(existing)?.[0];
  fs.writeFileSync(file, live ? `${lines.join("\n")}\n${live}` : lines.join("\n"));
  console.log(lines.join("\n"));
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
