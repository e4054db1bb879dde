// Branching a LIVE parent (issue 21): a ~1 GB pgbench parent under a steady pgbench write load,
// every local method that can copy it, time to a usable copy and the parent's write latency while
// each copy is made, against the same load's latency just before (the floor, same run):
//   npx ts-node bench/branch/live.ts [--scale 68] [--rounds 2] [--rate 100] [--clients 4]
// The load: pgbench's TPC-B-like transaction (3 UPDATEs, 1 SELECT, 1 INSERT) at a fixed rate
// (--rate transactions/s over --clients connections), every statement with lock_timeout 5 s so a
// blocked writer shows up as a failed transaction. Latencies come from pgbench's per-transaction
// log (-l): for each window (baseline, each copy) p50, p99 and max of the transactions that ended
// in it, and how many failed. Template copies cannot run while sessions are connected, so the
// template row is the idle parent's time, measured before the load starts (what auto picks when
// prod is idle). Writes a section of bench/branch/RESULTS.md (between markers; run.ts keeps it).
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BranchHandle, LocalBranchDriver } from "../../core/branch";
import { withDatabase } from "../../core/backup/connection";
import { flag } from "../lib/args";
import { query } from "../lib/sql";
import { stateRoot } from "../../localenv/paths";
import { PostgresCluster, postgresBinDir } from "../../localenv/postgres";
import { run } from "../../localenv/process";

const scale = Number(flag("scale") ?? "68"); // about 1 GB
const rounds = Number(flag("rounds") ?? "2");
const rate = Number(flag("rate") ?? "100");
const clients = Number(flag("clients") ?? "4");
export const liveMarkers = ["<!-- live-parent:start -->", "<!-- live-parent:end -->"] as const;

interface Window {
  label: string;
  startMs: number;
  endMs: number;
}

interface Copy {
  method: string;
  ms: number;
  window: Window;
}

interface Tx {
  endMs: number;
  latencyMs: number;
  failed: boolean;
}

async function main(): Promise<void> {
  const dir = path.join(stateRoot(), "env", "bench-branch-live");
  fs.rmSync(dir, { recursive: true, force: true });
  const cluster = new PostgresCluster({ dir: path.join(dir, "postgres"), durable: false });
  const port = await cluster.start();
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const parentUrl = withDatabase(admin, "bench_parent");
  const logDir = path.join(dir, "pgbench-log");
  fs.mkdirSync(logDir, { recursive: true });
  const loadBefore = os.loadavg()[0];
  let load: ChildProcess | undefined;
  try {
    await query(admin, "create database bench_parent");
    console.log(`loading pgbench scale ${scale} ...`);
    await run(path.join(postgresBinDir(), "pgbench"), ["-i", "-q", "-s", String(scale), parentUrl]);
    await query(parentUrl, "vacuum analyze");
    await query(parentUrl, "checkpoint");
    const [{ bytes }] = await query<{ bytes: string }>(
      admin,
      "select pg_database_size('bench_parent')::text as bytes",
    );
    const mb = Number(bytes) / 1024 / 1024;
    console.log(`parent ${mb.toFixed(0)} MB`);
    const driver = (method: "template" | "dump" | "basebackup", jobs?: number) =>
      new LocalBranchDriver({
        method,
        adminUrl: admin,
        clustersDir: path.join(dir, "clusters"),
        ...(jobs ? { dumpJobs: jobs } : {}),
      });
    const copies: Copy[] = [];
    const copyOnce = async (label: string, d: LocalBranchDriver, name: string) => {
      const startMs = Date.now();
      const handle: BranchHandle = await d.createBranch(parentUrl, { name });
      const endMs = Date.now();
      await d.deleteBranch(handle);
      copies.push({ method: label, ms: endMs - startMs, window: { label, startMs, endMs } });
      console.log(`${label}: ${endMs - startMs} ms`);
      return handle;
    };
    // Idle parent: the template copy (what auto picks when nobody is connected).
    for (let r = 0; r < rounds; r++)
      await copyOnce("template (idle parent, no load)", driver("template"), `b_t${r}`);

    load = spawn(
      path.join(postgresBinDir(), "pgbench"),
      [
        "-n",
        "-c",
        String(clients),
        "-j",
        "2",
        "-R",
        String(rate),
        "-T",
        "36000",
        "-l",
        "--log-prefix=tx",
        parentUrl,
      ],
      {
        cwd: logDir,
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, PGOPTIONS: "-c lock_timeout=5000" },
      },
    );
    let loadErr = "";
    load.stderr?.on("data", (c: Buffer) => (loadErr = (loadErr + c.toString()).slice(-8192)));
    // Baseline: the load alone, as long as the longest copy is likely to take (measured again below).
    const baselineStart = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));
    const baseline: Window = { label: "baseline (load only)", startMs: baselineStart, endMs: Date.now() };
    const busy = [
      ["dump, -j 1", driver("dump", 1)],
      ["dump, -j 2 (auto's choice under load)", driver("dump", 2)],
      ["basebackup (whole-cluster clone + start)", driver("basebackup")],
    ] as const;
    // Auto under load: it must pick dump (the chooser's reason is printed).
    const auto = new LocalBranchDriver({ adminUrl: admin, dumpJobs: 2 });
    console.log(`auto under load picks: ${JSON.stringify(await auto.choose(parentUrl))}`);
    for (let r = 0; r < rounds; r++) {
      for (const [label, d] of busy) await copyOnce(label, d, `b_${label.split(" ")[0]}${r}`);
    }
    const afterStart = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const after: Window = { label: "after (load only)", startMs: afterStart, endMs: Date.now() };
    load.kill("SIGINT");
    await new Promise((r) => load!.once("close", r));
    load = undefined;
    const txs = readLog(logDir);
    writeResults({ mb, copies, baseline, after, txs, loadErr, load: [loadBefore, os.loadavg()[0]] });
  } finally {
    load?.kill("SIGINT");
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench -l lines: client tx time_us script epoch_s epoch_us [lag]; time is "failed" for a failed tx. */
function readLog(dir: string): Tx[] {
  const out: Tx[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.startsWith("tx"))) {
    for (const line of fs.readFileSync(path.join(dir, file), "utf8").split("\n")) {
      const p = line.trim().split(/\s+/);
      if (p.length < 6) continue;
      const endMs = Number(p[4]) * 1000 + Number(p[5]) / 1000;
      const failed = p[2] === "failed" || p[2] === "skipped";
      out.push({ endMs, latencyMs: failed ? NaN : Number(p[2]) / 1000, failed });
    }
  }
  return out;
}

function stats(txs: Tx[], w: Window) {
  const inside = txs.filter((t) => t.endMs >= w.startMs && t.endMs <= w.endMs);
  const ok = inside
    .filter((t) => !t.failed)
    .map((t) => t.latencyMs)
    .sort((a, b) => a - b);
  const pct = (q: number) => (ok.length ? ok[Math.min(ok.length - 1, Math.floor(q * ok.length))] : NaN);
  return {
    n: inside.length,
    failed: inside.filter((t) => t.failed).length,
    p50: pct(0.5),
    p99: pct(0.99),
    max: ok.length ? ok[ok.length - 1] : NaN,
    tps: inside.length / Math.max(0.001, (w.endMs - w.startMs) / 1000),
  };
}

/** The conclusion, from the figures (not written before measuring). */
function reading(r: { copies: Copy[]; txs: Tx[]; loadErr: string }): string {
  const loaded = r.copies.filter((c) => !c.method.startsWith("template"));
  const failed = loaded.reduce((n, c) => n + stats(r.txs, c.window).failed, 0);
  const aborted = (r.loadErr.match(/client \d+ aborted/g) ?? []).length;
  return failed === 0 && aborted === 0
    ? "Reading: no write failed or was aborted on a lock during any copy (lock_timeout 5 s per statement): the dump\n" +
        "copy holds ACCESS SHARE locks only and a basebackup reads files, so what the load feels is the copy's I/O and\n" +
        "CPU on the same shared cores (the p99 ratio). A template copy is the fastest but needs an idle parent."
    : `Reading: ${failed} write(s) failed and ${aborted} pgbench client(s) aborted during the copies: see pgbench's output below.`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function writeResults(r: {
  mb: number;
  copies: Copy[];
  baseline: Window;
  after: Window;
  txs: Tx[];
  loadErr: string;
  load: number[];
}): void {
  const base = stats(r.txs, r.baseline);
  const methods = [...new Set(r.copies.map((c) => c.method))];
  const f = (ms: number) =>
    Number.isNaN(ms) ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  const rows = methods.map((m) => {
    const cs = r.copies.filter((c) => c.method === m);
    const merged = cs.flatMap((c) =>
      r.txs.filter((t) => t.endMs >= c.window.startMs && t.endMs <= c.window.endMs),
    );
    const s = stats(merged, { label: m, startMs: -Infinity, endMs: Infinity });
    const loaded = !m.startsWith("template");
    return (
      `| ${m} | ${f(median(cs.map((c) => c.ms)))} | ${cs.map((c) => f(c.ms)).join(", ")} | ` +
      (loaded
        ? `${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ${(s.p99 / base.p99).toFixed(2)}x | ${s.failed} of ${s.n} |`
        : "no load (a template copy needs the parent idle) | | | | |")
    );
  });
  const version = fs.readdirSync("/usr/lib/postgresql").sort().pop() ?? "?";
  const after = stats(r.txs, r.after);
  const lines = [
    liveMarkers[0],
    "## Branching a live parent (issue 21)",
    "",
    "Command: `npx ts-node bench/branch/live.ts` (options `--scale S` `--rounds N` `--rate TPS` `--clients N`).",
    "",
    `Run ${new Date().toISOString()} on ${os.cpus().length} cores (shared: 1-minute load average ${r.load.map((l) => l.toFixed(1)).join(" before, ")} after), ` +
      `PostgreSQL ${version}, a throwaway cluster with fsync off. Parent: pgbench scale ${scale}, ${r.mb.toFixed(0)} MB. ` +
      `Load during the copies: pgbench's TPC-B-like write transaction at ${rate} tx/s over ${clients} connections ` +
      `(lock_timeout 5 s per statement, so a blocked writer fails). ${rounds} rounds per method; latency of the transactions ` +
      "that ended while a copy was being made, against the same load just before the copies (the floor, same run). " +
      "With a fixed rate, pgbench counts latency from each transaction's scheduled start, so a client starved of CPU " +
      "shows too (what an application would feel).",
    "",
    `Floor (load only, ${((r.baseline.endMs - r.baseline.startMs) / 1000).toFixed(0)} s before the copies): ` +
      `p50 ${f(base.p50)}, p99 ${f(base.p99)}, max ${f(base.max)}, ${base.failed} failed of ${base.n}; ` +
      `after the copies: p50 ${f(after.p50)}, p99 ${f(after.p99)}, ${after.failed} failed of ${after.n}.`,
    "",
    "| method | time to branch (median) | each round | write p50 during | p99 during | max during | p99 vs floor | failed writes |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    reading(r),
    r.loadErr.trim() ? `\npgbench said: ${r.loadErr.trim().split("\n").slice(-3).join(" / ")}` : "",
    liveMarkers[1],
    "",
  ];
  const file = path.join(__dirname, "RESULTS.md");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const start = existing.indexOf(liveMarkers[0]);
  const end = existing.indexOf(liveMarkers[1]);
  const kept =
    start >= 0 && end > start
      ? existing.slice(0, start) + existing.slice(end + liveMarkers[1].length).replace(/^\n+/, "")
      : existing;
  fs.writeFileSync(file, `${kept.trimEnd()}\n\n${lines.join("\n")}`);
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
