// Workload 1: introspect + plan. The same live database (created from the base SQL) and the same
// desired SQL file for every tool; each tool runs as its CLI, `runs` times, median wall time and
// peak RSS from /usr/bin/time -v. schemastack runs as its CLI (`cli/bin/schemastack plan`), and its
// phases are timed again in-process with the core functions the CLI calls, to say where time goes.
import * as fs from "fs";
import * as path from "path";
import { introspect } from "../../core/introspect/introspect";
import { withClient } from "../../core/pg/with-client";
import { buildPlan } from "../../core/plan/plan-changes";
import { withScratchDatabase } from "../../core/render";
import { repoRoot } from "../../localenv/paths";
import type { BenchCluster } from "../lib/cluster";
import { benchDir } from "../lib/cluster";
import { hotFiles, hotSpots, HotSpot } from "../lib/cpuprofile";
import { runCommand, runMeasured } from "../lib/proc";
import { median, timed } from "../lib/stats";
import type { PeerInstall } from "../peers";
import { benchSchema, changedSchema, specToSql } from "./schema-sql";

export interface ToolRun {
  tool: string;
  command: string;
  ok: boolean;
  error?: string;
  wallMs: number[];
  maxRssKb: number[];
  medianWallMs: number;
  medianRssMb: number;
  /** Statements in the tool's plan output (a sanity check that every tool saw the change set). */
  planStatements?: number;
  /** The run was killed at this limit (ms); the tool is then not run at larger sizes. */
  timedOutAtMs?: number;
}

export interface PlanSizeResult {
  /** Set when the size was measured by a separate command (bench/addendum.ts), not the run's own. */
  command?: string;
  tables: number;
  changedTables: number;
  tools: ToolRun[];
  phases: {
    cliStartupMs: number;
    renderDesiredMs: number;
    introspectLiveMs: number;
    buildPlanMs: number;
    steps: number;
  };
  profile?: { files: HotSpot[]; functions: HotSpot[]; file: string };
}

const cliPath = path.join(repoRoot, "cli", "bin", "schemastack");

function countStatements(tool: string, out: string): number {
  if (tool.startsWith("pg-schema-diff") || tool === "pgschema")
    return out
      .split("\n")
      .filter(
        (l) =>
          /^(CREATE|ALTER|DROP|COMMENT|SET)\b/i.test(l.trim()) &&
          !/^SET (SESSION )?(statement|lock)_timeout/i.test(l.trim()),
      ).length;
  // schemastack: one numbered step per line ("1. ...") in formatPlan's output
  return out.split("\n").filter((l) => /^\s*\d+[.)]/.test(l)).length;
}

/**
 * pgschema's plan of `desiredSql` against the database of `url`. pgschema builds the desired side in
 * a plan database: pointed at the same server (like the others' temporary databases) instead of the
 * embedded Postgres it would otherwise download.
 */
export function pgschemaPlanArgs(url: string, desiredSql: string): string[] {
  const u = new URL(url);
  const server = (prefix: string) => [
    `--${prefix}host`,
    u.hostname,
    `--${prefix}port`,
    u.port,
    `--${prefix}user`,
    "postgres",
    `--${prefix}sslmode`,
    "disable",
  ];
  return [
    "plan",
    ...server(""),
    "--db",
    decodeURIComponent(u.pathname.slice(1)),
    ...server("plan-"),
    "--plan-db",
    "postgres",
    "--file",
    desiredSql,
    "--output-sql",
    "stdout",
  ];
}

/** A tool to run at one size: its row (filled in by runInterleaved), command and time limit. */
interface PendingRun {
  row: ToolRun;
  cmd: string;
  args: string[];
  limitMs: number;
}

/**
 * Round robin: every tool's i-th run comes before any tool's (i+1)-th, so a change in the machine's
 * load falls on all tools alike. Slow tools get fewer runs so the harness fits a session on 2 cores:
 * a first run over 60 s caps that tool at 3 runs, over 300 s at 1 (the table shows the count).
 */
async function runInterleaved(pending: PendingRun[], runs: number, log: (s: string) => void): Promise<void> {
  const planned = new Map<PendingRun, number>();
  for (let round = 0; round < runs; round++) {
    for (const p of pending) {
      const r = p.row;
      if (!r.ok || round >= (planned.get(p) ?? runs)) continue;
      const m = await runMeasured(p.cmd, p.args, { timeoutMs: p.limitMs });
      if (round === 0) planned.set(p, m.wallMs > 300_000 ? 1 : m.wallMs > 60_000 ? Math.min(runs, 3) : runs);
      if (m.code === null && m.wallMs >= p.limitMs) {
        r.ok = false;
        r.timedOutAtMs = p.limitMs;
        r.error = `killed at the ${p.limitMs / 60_000} min limit per run`;
        log(`  ${r.tool}: ${r.error}`);
        continue;
      }
      if (m.code !== 0 && !(r.tool.startsWith("schemastack") && m.code === 3)) {
        r.ok = false;
        r.error = `exit ${m.code}: ${(m.stderr || m.stdout).trim().split("\n").slice(-4).join(" | ")}`;
        log(`  ${r.tool} failed: ${r.error}`);
        continue;
      }
      r.wallMs.push(m.wallMs);
      r.maxRssKb.push(m.maxRssKb);
      if (round === 0) r.planStatements = countStatements(r.tool, m.stdout);
    }
  }
  for (const { row: r } of pending) {
    r.medianWallMs = median(r.wallMs);
    r.medianRssMb = median(r.maxRssKb) / 1024;
    if (r.ok)
      log(
        `  ${r.tool}: ${(r.medianWallMs / 1000).toFixed(2)} s (${r.wallMs.length} runs), ${r.medianRssMb.toFixed(0)} MB, ${r.planStatements} statements`,
      );
  }
}

/**
 * The same CLI compiled once with tsc (into .schemastack/bench/js), to separate the cost of
 * ts-node compiling the TypeScript on every start from the cost of the work itself.
 */
async function compiledCli(log: (s: string) => void): Promise<string | undefined> {
  const out = path.join(benchDir(), "js");
  fs.rmSync(out, { recursive: true, force: true });
  log("compiling the CLI with tsc for the precompiled-JS row");
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  await runCommand(process.execPath, [tsc, "-p", path.join(repoRoot, "tsconfig.json"), "--outDir", out], {
    cwd: repoRoot,
  });
  const main = path.join(out, "cli", "main.js");
  return fs.existsSync(main) ? main : undefined;
}

// exitCode, not process.exit(): exiting at once can cut off a plan still being written to the pipe.
const jsRunner =
  "require(process.argv[1]).main(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; })";

export interface PlanWorkloadOptions {
  /** Limit per tool run. */
  timeoutMs: number;
  /** Lower limits for some tools (by name). */
  limits?: Record<string, number>;
  /** Run only the tools with these names (all when absent), as the addendum runs do. */
  tools?: string[];
}

export async function runPlanWorkload(
  cluster: BenchCluster,
  sizes: number[],
  runs: number,
  peers: PeerInstall[],
  log: (s: string) => void,
  options: PlanWorkloadOptions = { timeoutMs: 15 * 60_000 },
): Promise<PlanSizeResult[]> {
  const results: PlanSizeResult[] = [];
  const wanted = (tool: string) => !options.tools || options.tools.includes(tool);
  // A tool killed at its limit at one size is not run at the larger ones (its row says where it stopped).
  const stoppedAt = new Map<string, number>();
  let pending: PendingRun[] = [];
  /** Queues a tool for this size's interleaved runs; its row is filled in when they are done. */
  const run = (tool: string, cmd: string, args: string[]): ToolRun => {
    const limitMs = options.limits?.[tool] ?? options.timeoutMs;
    const row: ToolRun = {
      tool,
      command: [cmd, ...args].join(" "),
      ok: true,
      wallMs: [],
      maxRssKb: [],
      medianWallMs: NaN,
      medianRssMb: NaN,
    };
    const stopped = stoppedAt.get(tool);
    if (stopped !== undefined) {
      row.ok = false;
      row.error = `not run: killed at the ${limitMs / 60_000} min limit at ${stopped} tables`;
      log(`  ${tool}: ${row.error}`);
    } else pending.push({ row, cmd, args, limitMs });
    return row;
  };
  const jsMain = wanted("schemastack (precompiled JS)") ? await compiledCli(log) : undefined;
  for (const tables of sizes) {
    pending = [];
    log(`workload 1: ${tables} tables`);
    const dir = path.join(benchDir(), "w1", String(tables));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "desired"), { recursive: true });
    const desiredSql = path.join(dir, "desired", "schema.sql");
    fs.writeFileSync(desiredSql, specToSql(changedSchema(tables)));
    const db = `w1_live_${tables}`;
    const url = await cluster.createDatabase(db);
    await withClient(url, (c) => c.query(specToSql(benchSchema(tables))));
    await cluster.query(db, "vacuum analyze");

    const tools: ToolRun[] = [];
    const planArgs = ["plan", "--database-url", url, "--desired", desiredSql];
    if (wanted("schemastack")) tools.push(run("schemastack", process.execPath, [cliPath, ...planArgs]));
    if (jsMain)
      tools.push(
        run("schemastack (precompiled JS)", process.execPath, ["-e", jsRunner, jsMain, ...planArgs]),
      );
    for (const peer of peers) {
      if (!peer.ok || !peer.binary) {
        tools.push({
          tool: peer.id,
          command: "(not installed)",
          ok: false,
          error: `not installed: ${
            peer.attempts
              .filter((a) => a.error)
              .map((a) => `\`${a.command}\`: ${a.error}`)
              .slice(-1)[0] ?? "?"
          }`,
          wallMs: [],
          maxRssKb: [],
          medianWallMs: NaN,
          medianRssMb: NaN,
        });
        continue;
      }
      if (peer.id === "pg-schema-diff") {
        const base = ["plan", "--from-dsn", url, "--to-dir", path.dirname(desiredSql)];
        if (wanted("pg-schema-diff")) tools.push(run("pg-schema-diff", peer.binary, base));
        if (wanted("pg-schema-diff --disable-plan-validation"))
          tools.push(
            run("pg-schema-diff --disable-plan-validation", peer.binary, [
              ...base,
              "--disable-plan-validation",
            ]),
          );
      } else if (peer.id === "pgschema" && wanted("pgschema")) {
        tools.push(run("pgschema", peer.binary, pgschemaPlanArgs(url, desiredSql)));
      }
    }

    await runInterleaved(pending, runs, log);
    for (const p of pending) if (p.row.timedOutAtMs) stoppedAt.set(p.row.tool, tables);

    // Phases of the same plan, in-process, with the core functions the CLI calls.
    const startup = await runMeasured(process.execPath, [cliPath, "--help"]);
    const [desired, renderDesiredMs] = await timed(() =>
      withScratchDatabase(url, async (c) => {
        await c.query(fs.readFileSync(desiredSql, "utf8"));
        return (await introspect(c)).model;
      }),
    );
    const [live, introspectLiveMs] = await timed(() =>
      withClient(url, (c) => introspect(c, { schemas: desired.schemas })),
    );
    const [plan, buildPlanMs] = await timed(async () => buildPlan(live, desired));
    const result: PlanSizeResult = {
      tables,
      changedTables: Math.ceil(tables / 10),
      tools,
      phases: {
        cliStartupMs: startup.wallMs,
        renderDesiredMs,
        introspectLiveMs,
        buildPlanMs,
        steps: plan.steps.length,
      },
    };
    if (tables === Math.max(...sizes)) {
      const profDir = path.join(dir, "prof");
      await runMeasured(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profDir}`, cliPath, ...planArgs]);
      const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
      if (file) {
        const full = path.join(profDir, file);
        result.profile = { files: hotFiles(full, 8), functions: hotSpots(full, 10), file: full };
      }
    }
    results.push(result);
    await cluster.dropDatabase(db);
  }
  return results;
}
