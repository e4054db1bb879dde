// The one benchmark command (not part of the tests or CI):
//   npx ts-node -T bench/run.ts [--quick] [--only plan,online,backup,branch,preview] [--cluster NAME]
//   npx ts-node -T bench/run.ts --merge bench/raw/A.json bench/raw/B.json   (parts run in parallel)
// Installs the peers, builds every workload on a private Postgres cluster, runs them, and writes
// bench/RESULTS.md, bench/results.json (the summary, committed) and bench/raw/<time>.json (ignored).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startBenchCluster } from "./lib/cluster";
import { ensureGnuTime } from "./lib/proc";
import { installPeer, PeerInstall, peerSpecs } from "./peers";
import { writeReport } from "./report";
import type { BenchResults, Machine } from "./report";
import { runPlanWorkload } from "./workloads/plan";
import { runPreviewWorkload } from "./workloads/preview";
import { runOnlineWorkload } from "./workloads/online";
import { runExistingBench } from "./workloads/existing";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyArg = argv.indexOf("--only");
const only = onlyArg >= 0 ? argv[onlyArg + 1].split(",") : ["plan", "preview", "backup", "branch", "online"];
const clusterArg = argv.indexOf("--cluster");
const clusterName = clusterArg >= 0 ? argv[clusterArg + 1] : "postgres";
const t0 = Date.now();
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);

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

async function main(): Promise<void> {
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
  // The raw JSON is rewritten after every workload, so a run stopped midway keeps what it measured.
  const rawDir = path.join(__dirname, "raw");
  fs.mkdirSync(rawDir, { recursive: true });
  const rawFile = path.join(rawDir, `${results.date.replace(/[:.]/g, "-")}.json`);
  const checkpoint = () => fs.writeFileSync(rawFile, JSON.stringify(results, null, 2));
  ensureGnuTime(log);
  const cluster = await startBenchCluster(clusterName);
  try {
    if (only.includes("plan")) {
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
      results.plan = await runPlanWorkload(
        cluster,
        quick ? [10, 100] : [10, 100, 1000, 3000],
        quick ? 2 : 5,
        peers,
        log,
      );
      checkpoint();
    }
    if (only.includes("online"))
      results.online = await runOnlineWorkload(cluster, quick ? 200_000 : 2_000_000, quick ? 12 : 45, log);
    checkpoint();
    if (only.includes("backup")) results.backup = await runExistingBench("backup", quick, log);
    checkpoint();
    if (only.includes("branch")) results.branch = await runExistingBench("branch", quick, log);
    checkpoint();
    if (only.includes("preview"))
      results.preview = await runPreviewWorkload(
        cluster,
        quick ? [5, 10] : [50, 200, 1000],
        quick ? 2 : 3,
        15 * 60_000,
        log,
      );
    checkpoint();
  } finally {
    clearInterval(sample);
    await cluster.stop();
  }
  results.machine.loadEnd = os.loadavg();
  results.totalMs = Date.now() - t0;
  const json = JSON.stringify(results, null, 2);
  fs.writeFileSync(rawFile, json);
  fs.writeFileSync(path.join(__dirname, "results.json"), json + "\n");
  // Findings written by hand after reading a full run (profiling, causes, choices) are appended as is.
  const notesFile = path.join(__dirname, "notes.md");
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : "";
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), writeReport(results, notes));
  formatOutputs();
  log(`wrote bench/RESULTS.md and bench/results.json in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
}

/** The repo's lint checks formatting of everything committed, the generated files included. */
function formatOutputs(): void {
  const prettier = path.join(__dirname, "..", "node_modules", ".bin", "prettier");
  spawnSync(prettier, ["--write", path.join(__dirname, "RESULTS.md"), path.join(__dirname, "results.json")], {
    stdio: "ignore",
  });
}

/** Joins the raw JSON of parts that ran in parallel (each on its own cluster) into one report. */
function merge(files: string[]): void {
  const parts = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResults);
  const r: BenchResults = { ...parts[0] };
  for (const p of parts.slice(1)) {
    r.plan ??= p.plan;
    r.preview ??= p.preview;
    r.online ??= p.online;
    r.backup ??= p.backup;
    r.branch ??= p.branch;
    if (!r.peers.length) r.peers = p.peers;
    r.command = `${r.command}  +  ${p.command} (in parallel)`;
    r.loadSamples = [...r.loadSamples, ...p.loadSamples];
    r.machine.loadEnd = p.machine.loadEnd;
    r.totalMs = Math.max(r.totalMs ?? 0, p.totalMs ?? 0);
  }
  const notesFile = path.join(__dirname, "notes.md");
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : "";
  fs.writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(r, null, 2) + "\n");
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), writeReport(r, notes));
  formatOutputs();
}

const mergeArg = argv.indexOf("--merge");
if (mergeArg >= 0) {
  merge(argv.slice(mergeArg + 1));
  process.exit(0);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
