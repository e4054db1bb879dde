// Backfill under write load (issue 18): writers' latency while a column of pgbench_accounts
// (1,000,000 rows at the default scale 10) is filled and made NOT NULL, three ways in ONE run on
// one private cluster, so machine load hits all three alike:
//   1. baseline:     the pgbench write load alone (no migration);
//   2. schemastack:  the core's backfill (batches by primary key, each its own short transaction,
//                    then NOT NULL through a validated check), as `pulumi up` runs it;
//   3. naive UPDATE: one `UPDATE ... SET note_b = ...` over every row, then SET NOT NULL.
// pgbench's TPC-B-like transaction updates random pgbench_accounts rows, i.e. the table being
// backfilled. Reported: p50/p99/max latency of the transactions overlapping each window and p99 as
// a ratio to the baseline's. Writes bench/backfill/RESULTS.md and .schemastack/bench/backfill/*.json.
//
//   npx ts-node -T bench/backfill/run.ts [--scale 10] [--clients 4] [--batch 1000] [--baseline-seconds 20]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../core/apply";
import { introspect } from "../../core/introspect";
import { initPgbench, startPgbench } from "../../test/support/pgbench-load";
import { benchDir, startBenchCluster } from "../lib/cluster";
import { percentile } from "../lib/stats";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

interface Window {
  method: string;
  ms: number;
  transactions: number;
  p50: number;
  p99: number;
  max: number;
  note?: string;
}

/** pgbench -l lines: client tx_no latency_us script_no epoch_s epoch_us. */
function latencies(dir: string, prefix: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.startsWith(`${prefix}.`))) {
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const p = line.trim().split(/\s+/);
      if (p.length < 6) continue;
      const lat = Number(p[2]) / 1000;
      const end = Number(p[4]) * 1000 + Number(p[5]) / 1000;
      if (end >= from && end - lat <= to) out.push(lat);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const scale = arg("scale", 10);
  const clients = arg("clients", 4);
  const batchSize = arg("batch", 1000);
  const baselineSeconds = arg("baseline-seconds", 20);
  const rows = scale * 100_000;
  const dir = path.join(benchDir(), "backfill");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const cluster = await startBenchCluster("backfill");
  const loadBefore = os.loadavg();
  const results: Window[] = [];
  try {
    const url = await cluster.createDatabase("backfill");
    console.log(`pgbench -i at scale ${scale} (${rows} rows)`);
    await initPgbench(url, scale);
    await cluster.query(
      "backfill",
      "alter table pgbench_accounts add column note_a text, add column note_b text",
    );
    await cluster.query("backfill", "vacuum analyze pgbench_accounts");

    const measure = async (method: string, work: () => Promise<string | undefined>) => {
      const prefix = method.replace(/\W+/g, "_");
      const load = startPgbench(url, { clients, lockTimeoutMs: 600_000, latencyLog: path.join(dir, prefix) });
      await new Promise((r) => setTimeout(r, 3000));
      const t0 = Date.now();
      const note = await work();
      const t1 = Date.now();
      await new Promise((r) => setTimeout(r, 1000));
      await load.stop();
      const lat = latencies(dir, prefix, t0, t1);
      const w: Window = {
        method,
        ms: t1 - t0,
        transactions: lat.length,
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        max: lat.length ? Math.max(...lat) : NaN,
        ...(note ? { note } : {}),
      };
      console.log(
        `  ${method}: ${(w.ms / 1000).toFixed(1)} s, ${w.transactions} tx, p50 ${w.p50.toFixed(1)} p99 ${w.p99.toFixed(1)} max ${w.max.toFixed(0)} ms`,
      );
      results.push(w);
    };

    await measure("baseline (no migration)", async () => {
      await new Promise((r) => setTimeout(r, baselineSeconds * 1000));
      return undefined;
    });
    await measure(`schemastack backfill (batches of ${batchSize}) + NOT NULL`, async () => {
      const client = new Client({ connectionString: url, application_name: "bench-backfill" });
      await client.connect();
      try {
        const live = await introspect(client, { schemas: ["public"] });
        const desired = structuredClone(live.model);
        const column = desired.tables
          .find((t) => t.name === "pgbench_accounts")
          ?.columns.find((c) => c.name === "note_a");
        if (!column) throw new Error("pgbench_accounts.note_a missing");
        column.nullable = false;
        column.backfill = { expression: "'account ' || aid", batchSize };
        const r = await applySchema(client, desired);
        return `${r.plan.steps.length} steps`;
      } finally {
        await client.end();
      }
    });
    await measure("naive single UPDATE + SET NOT NULL", async () => {
      const client = new Client({ connectionString: url, application_name: "bench-naive" });
      await client.connect();
      try {
        await client.query("update pgbench_accounts set note_b = 'account ' || aid");
        await client.query("alter table pgbench_accounts alter column note_b set not null");
        return undefined;
      } finally {
        await client.end();
      }
    });
    const check = await cluster.query<{ a: string; b: string }>(
      "backfill",
      "select count(*) filter (where note_a = 'account ' || aid)::text as a, count(*) filter (where note_b = 'account ' || aid)::text as b from pgbench_accounts",
    );
    if (Number(check[0].a) !== rows || Number(check[0].b) !== rows)
      throw new Error(`not every row was filled: ${JSON.stringify(check[0])}`);
  } finally {
    await cluster.dropDatabase("backfill").catch(() => undefined);
    await cluster.stop();
  }
  const loadAfter = os.loadavg();
  const base = results[0].p99;
  const when = new Date().toISOString();
  const table = [
    "| method | duration | writer tx in window | p50 | p99 | max | p99 / baseline p99 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map(
      (w) =>
        `| ${w.method} | ${(w.ms / 1000).toFixed(1)} s | ${w.transactions} | ${w.p50.toFixed(1)} ms | ${w.p99.toFixed(1)} ms | ${w.max.toFixed(0)} ms | ${(w.p99 / base).toFixed(2)}x |`,
    ),
  ].join("\n");
  const text = `# Backfill under pgbench writes (issue 18)

Run ${when} on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}); load average ${loadBefore
    .map((x) => x.toFixed(1))
    .join(" / ")} before, ${loadAfter.map((x) => x.toFixed(1)).join(" / ")} after. The machine is shared
and loaded, so the three windows were measured in one run, one after the other, on one private
cluster; compare the ratios, not the absolute figures.

${rows} rows in pgbench_accounts (scale ${scale}); ${clients} pgbench clients running the default
TPC-B-like transaction (which updates a random pgbench_accounts row) throughout; each window is the
transactions overlapping the migration (the baseline: ${baselineSeconds} s of load alone).

${table}

Reproduce: \`npx ts-node -T bench/backfill/run.ts --scale ${scale} --clients ${clients} --batch ${batchSize} --baseline-seconds ${baselineSeconds}\`
`;
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), text);
  fs.writeFileSync(
    path.join(dir, `${when.replace(/[:.]/g, "-")}.json`),
    JSON.stringify({ when, rows, clients, batchSize, loadBefore, loadAfter, results }, null, 2),
  );
  console.log(text);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
