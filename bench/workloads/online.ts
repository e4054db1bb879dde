// Workload 5: online-ness. While pgbench updates rows of a table of >= 2 M rows, apply (a) a new
// index, (b) a new foreign key, (c) SET NOT NULL, (d) an int -> bigint widening: once through
// schemastack (core applySchema in-process with the desired schema rendered from SQL beforehand, as
// `schemastack apply` does) on one set of columns, once as the naive DDL on a twin set. Reports write
// latency (pgbench per-transaction log) of the transactions overlapping the DDL, and the longest
// lock wait seen by polling pg_locks.waitstart every 100 ms (writers and the DDL session apart).
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../core/apply";
import { postgresBinDir } from "../../localenv/postgres";
import { loadDesired } from "../../cli/load-desired";
import type { BenchCluster } from "../lib/cluster";
import { benchDir } from "../lib/cluster";
import { percentile } from "../lib/stats";

export interface OnlineResult {
  change: string;
  method: "schemastack" | "naive DDL";
  sql: string[];
  ddlMs: number;
  txInWindow: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Longest wait of a pgbench session on a lock (ms). */
  writerLockWaitMs: number;
  /** Longest wait of the DDL session itself on a lock (ms). */
  ddlLockWaitMs: number;
  tps: number;
  note?: string;
}

const baseSql = `
create table w5_owner (id int primary key, name text not null);
create table w5_big (
  id bigint primary key,
  amount integer not null,
  owner_a integer, owner_b integer,
  nn_a integer, nn_b integer,
  w_a integer, w_b integer,
  note text
);`;

interface Change {
  name: string;
  /** Declarative DDL appended to the desired schema (for schemastack). */
  a: string;
  /** The naive statement on the twin objects. */
  b: string;
}

const changes: Change[] = [
  {
    name: "(a) new index",
    a: "create index w5_big_amount_a_idx on w5_big (amount);",
    b: "create index w5_big_amount_b_idx on w5_big (amount);",
  },
  {
    name: "(b) new foreign key",
    a: "alter table w5_big add constraint w5_big_owner_a_fkey foreign key (owner_a) references w5_owner (id);",
    b: "alter table w5_big add constraint w5_big_owner_b_fkey foreign key (owner_b) references w5_owner (id);",
  },
  {
    name: "(c) SET NOT NULL",
    a: "alter table w5_big alter column nn_a set not null;",
    b: "alter table w5_big alter column nn_b set not null;",
  },
  {
    name: "(d) integer -> bigint",
    a: "alter table w5_big alter column w_a type bigint;",
    b: "alter table w5_big alter column w_b type bigint;",
  },
];

function startPgbench(url: string, dir: string, seconds: number, rows: number): { done: Promise<number> } {
  const script = path.join(dir, "update.sql");
  fs.writeFileSync(
    script,
    `\\set id random(1, ${rows})\nupdate w5_big set amount = amount + 1 where id = :id;\n`,
  );
  const child = spawn(
    path.join(postgresBinDir(), "pgbench"),
    [
      "-n",
      "-c",
      "4",
      "-j",
      "2",
      "-T",
      String(seconds),
      "-f",
      script,
      "-l",
      `--log-prefix=${path.join(dir, "tx")}`,
      url,
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PGAPPNAME: "pgbench" } },
  );
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return {
    done: new Promise((resolve, reject) =>
      child.once("close", (code) =>
        code === 0 ? resolve(0) : reject(new Error(`pgbench exited ${code}: ${err.slice(-400)}`)),
      ),
    ),
  };
}

/** Per-transaction lines: client tx_no latency_us script epoch_s epoch_us. */
function readLog(dir: string): { endMs: number; latMs: number }[] {
  const rows: { endMs: number; latMs: number }[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.startsWith("tx."))) {
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const p = line.trim().split(/\s+/);
      if (p.length < 6) continue;
      rows.push({ latMs: Number(p[2]) / 1000, endMs: Number(p[4]) * 1000 + Number(p[5]) / 1000 });
    }
  }
  return rows;
}

async function pollLocks(url: string, stop: () => boolean): Promise<{ writer: number; ddl: number }> {
  const c = new Client({ connectionString: url, application_name: "bench-lock-poller" });
  await c.connect();
  let writer = 0;
  let ddl = 0;
  try {
    while (!stop()) {
      const r = await c.query<{ app: string; ms: number }>(
        `select coalesce(a.application_name, '') as app, extract(epoch from now() - l.waitstart) * 1000 as ms
           from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where not l.granted and l.waitstart is not null and a.application_name <> 'bench-lock-poller'`,
      );
      for (const row of r.rows) {
        if (row.app === "pgbench") writer = Math.max(writer, Number(row.ms));
        else ddl = Math.max(ddl, Number(row.ms));
      }
      await new Promise((res) => setTimeout(res, 100));
    }
  } finally {
    await c.end();
  }
  return { writer, ddl };
}

export async function runOnlineWorkload(
  cluster: BenchCluster,
  rows: number,
  loadSeconds: number,
  log: (s: string) => void,
): Promise<OnlineResult[]> {
  const db = "w5_online";
  const url = await cluster.createDatabase(db);
  log(`workload 5: loading ${rows} rows`);
  const setup = new Client({ connectionString: url });
  await setup.connect();
  await setup.query(baseSql);
  await setup.query("insert into w5_owner select g, 'owner ' || g from generate_series(1, 10000) g");
  await setup.query(
    `insert into w5_big select g, g % 1000, 1 + g % 10000, 1 + g % 10000, g % 7, g % 11, g % 13, g % 17, 'row ' || g from generate_series(1, $1::int) g`,
    [rows],
  );
  await setup.query("vacuum analyze w5_big");
  await setup.query("vacuum analyze w5_owner");
  await setup.end();
  const applied: string[] = [];
  const results: OnlineResult[] = [];
  const work = path.join(benchDir(), "w5");
  try {
    for (const change of changes) {
      for (const method of ["schemastack", "naive DDL"] as const) {
        const dir = path.join(work, `${results.length}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        // schemastack: the whole desired schema (everything applied so far + this change), rendered
        // in a scratch database before the load starts, like `schemastack apply --desired file.sql`.
        const desiredFile = path.join(dir, "desired.sql");
        fs.writeFileSync(desiredFile, [baseSql, ...applied, change.a].join("\n"));
        const desired =
          method === "schemastack"
            ? await loadDesired({ file: desiredFile, scratchServerUrl: url })
            : undefined;
        const client = new Client({ connectionString: url, application_name: "bench-ddl" });
        await client.connect();
        const bench = startPgbench(url, dir, loadSeconds, rows);
        await new Promise((r) => setTimeout(r, 3000));
        let stopped = false;
        const locks = pollLocks(url, () => stopped);
        const t0 = Date.now();
        let sql: string[] = [];
        let note: string | undefined;
        try {
          if (desired) {
            const r = await applySchema(client, desired);
            sql = r.plan.steps.map((s) => s.sql);
          } else {
            await client.query(change.b);
            sql = [change.b];
          }
        } catch (e) {
          note = `failed: ${e instanceof Error ? e.message : String(e)}`;
        }
        const t1 = Date.now();
        stopped = true;
        const lockWaits = await locks;
        await client.end();
        await bench.done;
        if (t1 - t0 > (loadSeconds - 4) * 1000)
          note = `${note ? `${note}; ` : ""}the DDL outlasted the ${loadSeconds} s write load`;
        applied.push(method === "schemastack" ? change.a : change.b);
        const tx = readLog(dir);
        const inWindow = tx.filter((t) => t.endMs >= t0 && t.endMs - t.latMs <= t1).map((t) => t.latMs);
        const r: OnlineResult = {
          change: change.name,
          method,
          sql,
          ddlMs: t1 - t0,
          txInWindow: inWindow.length,
          p50Ms: percentile(inWindow, 50),
          p99Ms: percentile(inWindow, 99),
          maxMs: inWindow.length ? Math.max(...inWindow) : NaN,
          writerLockWaitMs: lockWaits.writer,
          ddlLockWaitMs: lockWaits.ddl,
          tps: tx.length / loadSeconds,
          note,
        };
        log(
          `  ${change.name} ${method}: ddl ${(r.ddlMs / 1000).toFixed(2)} s, p50 ${r.p50Ms.toFixed(1)} p99 ${r.p99Ms.toFixed(1)} max ${r.maxMs.toFixed(0)} ms, writer lock wait ${r.writerLockWaitMs.toFixed(0)} ms${note ? ` (${note})` : ""}`,
        );
        results.push(r);
      }
    }
  } finally {
    await cluster.dropDatabase(db);
  }
  return results;
}
