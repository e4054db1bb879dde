// The one benchmark command (not part of the tests or CI):
//   npx ts-node -T bench/run.ts [--quick] [--only plan,online,backup,branch,preview] [--timeout-min 60] [--serial]
// Installs the peers, builds every workload on private Postgres clusters, runs them, and writes
// bench/RESULTS.md, bench/results.json (the summary, committed) and bench/raw/<time>.json (ignored).
// Workload 1 (the longest) runs in a child process on its own cluster, in parallel with the others,
// unless --serial; the two parts are merged into one report.
//   npx ts-node -T bench/run.ts --merge bench/raw/A.json [B.json] [bench/raw/addendum-*.json]
//     (re-publishes a run, joins parts run by hand, puts addendum sizes in place of the run's)
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../localenv/paths";
import { flag } from "./lib/args";
import { startBenchCluster } from "./lib/cluster";
import { ensureGnuTime } from "./lib/proc";
import { installPeer, PeerInstall, peerSpecs } from "./peers";
import { writeReport } from "./report";
import type { BenchResults, Machine } from "./report";
import { runPlanWorkload } from "./workloads/plan";
import type { PlanSizeResult } from "./workloads/plan";
import { runPreviewWorkload } from "./workloads/preview";
import type { PreviewSizeResult } from "./workloads/preview";
import { runOnlineWorkload } from "./workloads/online";
import { runExistingBench } from "./workloads/existing";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const serial = argv.includes("--serial");
const only = (flag("only") ?? "plan,preview,backup,branch,online").split(",");
const clusterName = flag("cluster") ?? "postgres";
/** Internal: a part started by the parent writes its raw results here and no report. */
const partOut = flag("part-out");
const timeoutMin = Number(flag("timeout-min") ?? 60);
const t0 = Date.now();
const log = (s: string) =>
  process.stderr.write(`[bench${partOut ? " plan" : ""} ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);

function machine(): Machine {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    cpuModel: cpus[0]?.model ?? "?",
    node: process.version,
    postgres: fs.readdirSync("/usr/lib/postgresql").sort().pop() ?? "?",
    loadStart: os.loadavg(),
    loadEnd: [],
  };
}

/** Runs the selected workloads on one cluster; `save` is called after each so a stopped run keeps data. */
async function measure(
  workloads: string[],
  cluster: string,
  save: (r: BenchResults) => void,
): Promise<BenchResults> {
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    command: `npx ts-node -T bench/run.ts${argv.length ? ` ${argv.join(" ")}` : ""}`,
    machine: machine(),
    peers: [],
    loadSamples: [],
  };
  const sample = setInterval(
    () => results.loadSamples.push({ t: Date.now() - t0, load1: os.loadavg()[0] }),
    30_000,
  );
  const limitMs = timeoutMin * 60_000;
  const bench = await startBenchCluster(cluster);
  try {
    if (workloads.includes("plan")) {
      const peers: PeerInstall[] = [];
      for (const spec of peerSpecs) {
        log(`installing peer ${spec.id}`);
        const p = await installPeer(spec, log);
        log(
          p.ok
            ? `  ${spec.id} ${p.version}`
            : `  ${spec.id}: not installable (${p.attempts[p.attempts.length - 1]?.error ?? "?"})`,
        );
        peers.push(p);
      }
      results.peers = peers;
      // pg-schema-diff with its default plan validation did not finish 1000 tables in 15 min on this
      // machine in earlier runs: it keeps that limit so the run fits a session; the others get the full one.
      results.plan = await runPlanWorkload(
        bench,
        quick ? [10, 100] : [10, 100, 1000, 3000],
        quick ? 2 : 5,
        peers,
        log,
        { timeoutMs: limitMs, limits: { "pg-schema-diff": Math.min(limitMs, 15 * 60_000) } },
      );
      save(results);
    }
    if (workloads.includes("online"))
      results.online = await runOnlineWorkload(bench, quick ? 200_000 : 2_000_000, quick ? 12 : 45, log);
    save(results);
    if (workloads.includes("backup")) results.backup = await runExistingBench("backup", quick, log);
    save(results);
    if (workloads.includes("branch")) results.branch = await runExistingBench("branch", quick, log);
    save(results);
    // The state each preview reads is built with PULUMI_SKIP_CHECKPOINTS (both programs alike): with a
    // checkpoint after every step, building 200 tables took 19 min, engine-bound (see the findings).
    if (workloads.includes("preview"))
      results.preview = await runPreviewWorkload(
        bench,
        quick ? [5, 10] : [50, 200, 1000],
        quick ? 2 : 3,
        limitMs,
        log,
        { skipCheckpoints: true },
      );
    save(results);
  } finally {
    clearInterval(sample);
    await bench.stop();
  }
  results.machine.loadEnd = os.loadavg();
  results.totalMs = Date.now() - t0;
  save(results);
  return results;
}

/** Workload 1 in a child process (same flags) on its own cluster; resolves to its raw results. */
function planPart(file: string): Promise<BenchResults> {
  const tsNode = path.join(__dirname, "..", "node_modules", "ts-node", "dist", "bin.js");
  const args = [tsNode, "-T", __filename, "--only", "plan", "--cluster", `${clusterName}-plan`];
  args.push("--part-out", file, "--timeout-min", String(timeoutMin), ...(quick ? ["--quick"] : []));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 && fs.existsSync(file)
        ? resolve(JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults)
        : reject(new Error(`the workload 1 part exited ${code}; its partial results: ${file}`)),
    );
  });
}

/** Joins parts that ran in parallel (each on its own cluster) into one result. */
function combine(parts: BenchResults[], command: string): BenchResults {
  const r: BenchResults = { ...parts[0], command };
  for (const p of parts.slice(1)) {
    r.plan ??= p.plan;
    r.preview ??= p.preview;
    r.online ??= p.online;
    r.backup ??= p.backup;
    r.branch ??= p.branch;
    if (!r.peers.length) r.peers = p.peers;
    r.loadSamples = [...r.loadSamples, ...p.loadSamples].sort((a, b) => a.t - b.t);
    r.machine.loadEnd = p.machine.loadEnd;
    r.totalMs = Math.max(r.totalMs ?? 0, p.totalMs ?? 0);
  }
  return r;
}

/** What bench/addendum.ts writes: one workload at chosen sizes. */
interface Addendum {
  command: string;
  started: string;
  result: (PlanSizeResult | PreviewSizeResult)[];
}

/**
 * Puts an addendum's sizes into the run, replacing the run's entry for the same size (a size the
 * run could not measure, re-run on its own); the row's command says which command measured it.
 */
function applyAddendum(r: BenchResults, a: Addendum): void {
  for (const entry of a.result) {
    const tagged = { ...entry, command: `${a.command} (${a.started})` };
    if ("tools" in tagged) r.plan = [...(r.plan ?? []).filter((x) => x.tables !== tagged.tables), tagged];
    else r.preview = [...(r.preview ?? []).filter((x) => x.tables !== tagged.tables), tagged];
  }
  r.plan?.sort((x, y) => x.tables - y.tables);
  r.preview?.sort((x, y) => x.tables - y.tables);
  r.command = `${r.command}  +  ${a.command}`;
}

/** Writes RESULTS.md (with the hand-written findings in notes.md appended) and results.json. */
function publish(r: BenchResults): void {
  const notesFile = path.join(__dirname, "notes.md");
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : "";
  // Commands and profiles name files by absolute path; the committed files name them from the repo.
  // (Older raw files have them without the leading slash.)
  const relative = (text: string) =>
    [`${repoRoot}/`, `${repoRoot.slice(1)}/`]
      .reduce((t, p) => t.split(p).join(""), text)
      .split(repoRoot)
      .join(".");
  fs.writeFileSync(path.join(__dirname, "results.json"), relative(JSON.stringify(r, null, 2)) + "\n");
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), relative(writeReport(r, notes)));
  // The repo's lint checks formatting of everything committed, the generated files included.
  const prettier = path.join(__dirname, "..", "node_modules", "prettier", "bin", "prettier.cjs");
  spawnSync(process.execPath, [prettier, "--write", "RESULTS.md", "results.json"], {
    cwd: __dirname,
    stdio: "ignore",
  });
}

async function main(): Promise<void> {
  const rawDir = path.join(__dirname, "raw");
  fs.mkdirSync(rawDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const save = (file: string) => (r: BenchResults) => fs.writeFileSync(file, JSON.stringify(r, null, 2));
  if (partOut) {
    await measure(only, clusterName, save(partOut));
    return;
  }
  ensureGnuTime(log);
  const command = `npx ts-node -T bench/run.ts${argv.length ? ` ${argv.join(" ")}` : ""}`;
  const split = !serial && only.includes("plan") && only.length > 1;
  const planFile = path.join(rawDir, `${stamp}-plan.json`);
  const plan = split ? planPart(planFile) : undefined;
  const rest = split ? only.filter((w) => w !== "plan") : only;
  const mine = await measure(rest, clusterName, save(path.join(rawDir, `${stamp}.json`)));
  const r = plan ? combine([mine, await plan], command) : { ...mine, command };
  r.totalMs = Date.now() - t0;
  fs.writeFileSync(path.join(rawDir, `${stamp}.json`), JSON.stringify(r, null, 2));
  publish(r);
  log(`wrote bench/RESULTS.md and bench/results.json in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
}

const mergeArg = argv.indexOf("--merge");
const done = (p: Promise<void>) =>
  p.then(
    () => process.exit(0),
    (e: unknown) => {
      log(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
if (mergeArg >= 0) {
  const files = argv.slice(mergeArg + 1);
  const parsed = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResults | Addendum);
  const parts = parsed.filter((p): p is BenchResults => "machine" in p);
  const r = combine(parts, parts.map((p) => p.command).join("  +  "));
  for (const a of parsed.filter((p): p is Addendum => !("machine" in p))) applyAddendum(r, a);
  done(Promise.resolve(publish(r)));
} else done(main());
