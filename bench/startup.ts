// Workload 6 on its own (CLI start-up, verify, and plan at 10 and 100 tables against pgschema):
//   npx ts-node -T bench/startup.ts [--runs 10] [--sizes 10,100]
// Builds the package (npm run build) and runs the CLI as an installed package does (dist/cli/run.js).
// Writes its section of bench/RESULTS.md (between the workload-6 markers, the rest left as it is)
// and its raw JSON to bench/raw/startup-<time>.json.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot, stateRoot } from "../localenv/paths";
import { flag } from "./lib/args";
import { startBenchCluster } from "./lib/cluster";
import { ensureGnuTime } from "./lib/proc";
import { installPeer, peerSpecs } from "./peers";
import { runStartupWorkload, StartupRow } from "./workloads/startup";

const runs = Number(flag("runs") ?? 10);
const sizes = (flag("sizes") ?? "10,100").split(",").map(Number);
const command = `npx ts-node -T bench/startup.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(" ")}` : ""}`;
const begin = "<!-- workload 6: cli start-up (bench/startup.ts) -->";
const end = "<!-- /workload 6 -->";

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function section(rows: StartupRow[], started: string, load: number[]): string {
  const cpus = os.cpus();
  const lines = [
    begin,
    "## 6. CLI start-up and small plans (the installed package's compiled CLI)",
    "",
    `Command: \`${command}\`. Date: ${started}. ${cpus.length} CPUs (${cpus[0]?.model.split(" ")[0] ?? "?"}), Node ${process.version}. ` +
      `1-min load ${load[0].toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end. Median of ${runs} interleaved runs ` +
      "(schemastack, then its peer or floor, round robin, after one unmeasured warm-up round); schemastack runs " +
      "`node dist/cli/run.js`, what the package's `bin` runs.",
    "",
    "| row | schemastack | peer / floor | ratio | target |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.medianWallMs)} | ${r.peer ? `${r.peer.name}: ${fmt(r.peer.medianWallMs)}` : "-"} | ` +
        `${r.ratio === null ? "-" : `${r.ratio.toFixed(2)}x`} | ${r.target} |`,
    ),
    "",
    "Commands (paths relative to the repository; URLs point at the bench's private cluster):",
    "",
    ...rows.map((r) => `- ${r.name}: \`${rel(r.command)}\`${r.peer ? `; \`${rel(r.peer.command)}\`` : ""}`),
    end,
  ];
  return lines.join("\n");
}

/**
 * Reports name files from the repository root, never by this machine's absolute paths (the state
 * folder as `.schemastack`, also where SCHEMASTACK_HOME moved it).
 */
function rel(text: string): string {
  return text
    .split(stateRoot() + path.sep)
    .join(`.schemastack${path.sep}`)
    .split(repoRoot + path.sep)
    .join("")
    .split(process.execPath)
    .join("node");
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const started = new Date().toISOString();
  const load = os.loadavg();
  const log = (s: string) =>
    process.stderr.write(`[startup ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);
  ensureGnuTime(log);
  log("building the package (npm run build)");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: repoRoot, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const cliJs = path.join(repoRoot, "dist", "cli", "run.js");
  const spec = peerSpecs.find((p) => p.id === "pgschema");
  const pgschema = spec ? await installPeer(spec, log) : undefined;
  log(pgschema?.ok ? `pgschema ${pgschema.version}` : "pgschema not installable: rows without a peer");
  const cluster = await startBenchCluster("startup");
  try {
    const rows = await runStartupWorkload(cluster, cliJs, pgschema, sizes, runs, log);
    const raw = path.join(repoRoot, "bench", "raw", `startup-${started.replace(/[:.]/g, "-")}.json`);
    fs.mkdirSync(path.dirname(raw), { recursive: true });
    fs.writeFileSync(raw, JSON.stringify({ command, started, pgschema: pgschema?.version, rows }, null, 2));
    const results = path.join(repoRoot, "bench", "RESULTS.md");
    const text = fs.readFileSync(results, "utf8");
    const body = section(rows, started, load);
    const i = text.indexOf(begin);
    const j = text.indexOf(end);
    fs.writeFileSync(
      results,
      i >= 0 && j > i
        ? text.slice(0, i) + body + text.slice(j + end.length)
        : `${text.trimEnd()}\n\n${body}\n`,
    );
    log(`wrote bench/RESULTS.md (workload 6) and ${path.relative(repoRoot, raw)}`);
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
