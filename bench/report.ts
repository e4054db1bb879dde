// Renders bench/RESULTS.md from the summary JSON: one table of ratios first, then each workload's
// details, the exact commands, the machine and its load (the machine is shared).
import type { PeerInstall } from "./peers";
import type { ExistingBenchResult } from "./workloads/existing";
import type { OnlineResult } from "./workloads/online";
import type { PlanSizeResult } from "./workloads/plan";
import type { PreviewSizeResult } from "./workloads/preview";
import { fmtMs, fmtRatio } from "./lib/stats";

export interface Machine {
  nproc: number;
  memoryGb: number;
  cpuModel: string;
  node: string;
  postgres: string;
  loadStart: number[];
  loadEnd: number[];
}

export interface BenchResults {
  date: string;
  quick: boolean;
  command: string;
  machine: Machine;
  peers: PeerInstall[];
  loadSamples: { t: number; load1: number }[];
  plan?: PlanSizeResult[];
  preview?: PreviewSizeResult[];
  online?: OnlineResult[];
  backup?: ExistingBenchResult;
  branch?: ExistingBenchResult;
  totalMs?: number;
  /** Hand-written findings, kept in bench/notes.md and appended verbatim. */
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function writeReport(r: BenchResults, notes = ""): string {
  const L: string[] = [];
  const m = r.machine;
  const loads = r.loadSamples.map((s) => s.load1);
  L.push("# Benchmarks: schemastack against peers and floors");
  L.push("");
  L.push(
    `Command: \`${r.command}\`${r.quick ? " (quick sizes: not the reference numbers)" : ""}. Date: ${r.date}, ${((r.totalMs ?? 0) / 60000).toFixed(0)} min.`,
  );
  L.push("");
  L.push(
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGb} GB memory, Node ${m.node}, PostgreSQL ${m.postgres} (Debian), private bench cluster (fsync off). ` +
      `1-min load average ${m.loadStart[0].toFixed(1)} at the start, ${m.loadEnd[0]?.toFixed(1) ?? "?"} at the end, ${loads.length ? `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} during the run (sampled every 30 s)` : ""}. ` +
      "Absolute times depend on the load (the parts of the run share the cores); every ratio compares two things measured in the same run, interleaved.",
  );
  L.push("");
  L.push(
    "Ratio = schemastack / peer-or-floor (time: above 1 means schemastack is slower; memory: above 1 means it uses more).",
  );
  L.push("");
  L.push("## Summary");
  L.push("");
  L.push("| workload | schemastack | peer / floor | ratio | command (schemastack; peer) |");
  L.push("| --- | ---: | ---: | ---: | --- |");
  for (const p of r.plan ?? []) {
    const ss = p.tools.find((t) => t.tool === "schemastack");
    const ssjs = p.tools.find((t) => t.tool === "schemastack (precompiled JS)");
    for (const t of p.tools.filter((t) => !t.tool.startsWith("schemastack"))) {
      for (const mine of [ss, ssjs]) {
        if (!mine) continue;
        if (t.timedOutAtMs) {
          // A lower bound: the peer ran for the whole limit without finishing.
          L.push(
            `| 1. plan, ${p.tables} tables: ${mine.tool} vs ${t.tool} (wall) | ${fmtMs(mine.medianWallMs)} | **> ${fmtMs(t.timedOutAtMs)}** (killed at the limit, one run) | < ${fmtRatio(mine.medianWallMs / t.timedOutAtMs)} | \`${cell(mine.command)}\`; \`${cell(t.command)}\` |`,
          );
          continue;
        }
        if (!t.ok) {
          L.push(
            `| 1. plan, ${p.tables} tables: ${mine.tool} vs ${t.tool} | ${fmtMs(mine.medianWallMs)} | **did not run**: ${cell((t.error ?? "?").replace(/^not run: /, ""))} | n/a | \`${cell(mine.command)}\` |`,
          );
          continue;
        }
        L.push(
          `| 1. plan, ${p.tables} tables: ${mine.tool} vs ${t.tool} (wall, median of ${mine.wallMs.length} / ${t.wallMs.length} runs) | ${fmtMs(mine.medianWallMs)} | ${fmtMs(t.medianWallMs)} | ${fmtRatio(mine.medianWallMs / t.medianWallMs)} | \`${cell(mine.command)}\`; \`${cell(t.command)}\` |`,
        );
        L.push(
          `| 1. plan, ${p.tables} tables: ${mine.tool} vs ${t.tool} (peak RSS) | ${mine.medianRssMb.toFixed(0)} MB | ${t.medianRssMb.toFixed(0)} MB | ${fmtRatio(mine.medianRssMb / t.medianRssMb)} | |`,
        );
      }
    }
  }
  for (const p of r.preview ?? []) {
    if (p.error) {
      L.push(`| 2. preview, ${p.tables} tables | **not measured**: ${cell(p.error)} | | n/a | |`);
      continue;
    }
    const per = (a: number, b: number) => `${((a - b) / p.resources).toFixed(2)} ms/resource`;
    L.push(
      `| 2. no-op preview, ${p.tables} tables (${p.resources} dynamic resources) vs no-op baseline | ${fmtMs(p.noop.medianMs)} | ${fmtMs(p.baseline.medianMs)} | ${fmtRatio(p.noop.medianMs / p.baseline.medianMs)} (overhead ${per(p.noop.medianMs, p.baseline.medianMs)}) | \`pulumi preview --stack bench\`${p.command ? `; this size measured by \`${cell(p.command)}\`` : ""} |`,
    );
    L.push(
      `| 2. preview with drift (${p.driftedTables} tables drifted), ${p.tables} tables vs no-op baseline | ${fmtMs(p.drift.medianMs)} | ${fmtMs(p.baseline.medianMs)} | ${fmtRatio(p.drift.medianMs / p.baseline.medianMs)} (overhead ${per(p.drift.medianMs, p.baseline.medianMs)}) | |`,
    );
    L.push(
      `| 2. catalog queries per preview, ${p.tables} tables (no-op / drift) | ${p.noop.catalogQueries.join(", ")} / ${p.drift.catalogQueries.join(", ")} | | | pg_stat_statements |`,
    );
  }
  const ex = (e: ExistingBenchResult | undefined, label: string, mineRe: RegExp, floorRe: RegExp) => {
    if (!e) return;
    if (!e.ok) {
      L.push(`| ${label} | **failed**: ${cell(e.error ?? "?")} | | | \`${e.command}\` |`);
      return;
    }
    const mine = e.rows.find((x) => mineRe.test(x.method));
    const floor = e.rows.find((x) => floorRe.test(x.method));
    if (mine && floor)
      L.push(
        `| ${label}: ${cell(mine.method)} vs ${cell(floor.method)} (time, median) | ${fmtMs(mine.medianMs)} | ${fmtMs(floor.medianMs)} | ${fmtRatio(mine.medianMs / floor.medianMs)} | \`${e.command}\` |`,
      );
  };
  ex(r.backup, "3. backup", /until the upload completed/, /pg_dump -Fc > file/);
  ex(r.backup, "3. backup, verified", /whole call/, /pg_dump -Fc > file/);
  ex(r.branch, "4. branch", /local driver default/, /pg_restore/);
  for (const change of [...new Set((r.online ?? []).map((o) => o.change))]) {
    const a = r.online?.find((o) => o.change === change && o.method === "schemastack");
    const b = r.online?.find((o) => o.change === change && o.method === "naive DDL");
    if (a && b) {
      L.push(
        `| 5. ${change}: max write latency during the change | ${fmtMs(a.maxMs)} | ${fmtMs(b.maxMs)} (naive) | ${fmtRatio(a.maxMs / b.maxMs)} | applySchema; \`${cell(b.sql.join(" "))}\` |`,
      );
      L.push(
        `| 5. ${change}: longest writer lock wait | ${fmtMs(a.writerLockWaitMs)} | ${fmtMs(b.writerLockWaitMs)} (naive) | ${fmtRatio(a.writerLockWaitMs / b.writerLockWaitMs)} | |`,
      );
    }
  }
  L.push("");

  L.push("## 1. Introspect + plan");
  L.push("");
  L.push(
    "Live database built from `bench/workloads/schema-sql.ts` (bench/core's generated tables: 15 columns, 3 indexes, 1 FK each, plus 5 enums used by every 4th table); " +
      "the desired SQL changes every 10th table (a new column, a new index, a changed default). Every tool reads the same live database and the same desired `.sql` file, " +
      "and each builds the desired side in a temporary database on the same server (schemastack: scratch database; pg-schema-diff: its temp database, plus plan validation by default). " +
      "Peak RSS is the tool's process (from `/usr/bin/time -v`), not the server's.",
  );
  L.push("");
  L.push("### Peers");
  L.push("");
  for (const p of r.peers) {
    if (p.ok)
      L.push(
        `- **${p.id}** ${p.version}: built from \`${p.module}\` (wrapper module, GOSUMDB=off) into .schemastack/bench-tools/bin.`,
      );
    else {
      L.push(
        `- **${p.id}**: could not be installed from the Go module proxy. Every attempt and its exact error:`,
      );
      for (const a of p.attempts) L.push(`  - \`${a.command}\`: ${a.error ? `\`${cell(a.error)}\`` : "ok"}`);
    }
  }
  L.push("");
  L.push("| tables | tool | wall (median) | runs | peak RSS | plan statements |");
  L.push("| ---: | --- | ---: | ---: | ---: | ---: |");
  for (const p of r.plan ?? []) {
    for (const t of p.tools) {
      L.push(
        t.ok
          ? `| ${p.tables} | ${t.tool} | ${fmtMs(t.medianWallMs)} | ${t.wallMs.length} | ${t.medianRssMb.toFixed(0)} MB | ${t.planStatements ?? ""} |`
          : `| ${p.tables} | ${t.tool} | ${cell(t.error ?? "failed")} | | | |`,
      );
    }
  }
  L.push("");
  L.push("schemastack's phases, timed in-process with the core functions the CLI calls (one run each):");
  L.push("");
  L.push(
    "| tables | CLI start-up (`schemastack --help`) | render desired SQL in a scratch DB + introspect it | introspect live | buildPlan | steps |",
  );
  L.push("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const p of r.plan ?? []) {
    const ph = p.phases;
    L.push(
      `| ${p.tables} | ${fmtMs(ph.cliStartupMs)} | ${fmtMs(ph.renderDesiredMs)} | ${fmtMs(ph.introspectLiveMs)} | ${fmtMs(ph.buildPlanMs)} | ${ph.steps} |`,
    );
  }
  const prof = (r.plan ?? []).find((p) => p.profile)?.profile;
  if (prof) {
    L.push("");
    L.push(
      `CPU profile of one \`schemastack plan\` at the largest size (\`node --cpu-prof\`), self time by file, then by function:`,
    );
    L.push("");
    L.push("| where | self time | share |");
    L.push("| --- | ---: | ---: |");
    for (const h of prof.files)
      L.push(`| ${cell(h.fn)} | ${fmtMs(h.selfMs)} | ${(h.share * 100).toFixed(0)} % |`);
    L.push("");
    L.push("| function | self time | share |");
    L.push("| --- | ---: | ---: |");
    for (const h of prof.functions)
      L.push(`| ${cell(h.fn)} | ${fmtMs(h.selfMs)} | ${(h.share * 100).toFixed(0)} % |`);
  }
  L.push("");

  L.push("## 2. Pulumi preview cost");
  L.push("");
  L.push(
    "Program: `test/e2e/fixtures/spec-program` (the real `Database`/`Table` components; schema from stack config), with N tables of the example's shape " +
      "(identity PK, 5 columns incl. an enum with a default, one FK to the previous table, one index), backups off (their cost is workload 3). " +
      "Baseline: `bench/programs/baseline`, the same number of dynamic resources whose provider does nothing. Real CLI `.schemastack/bin/pulumi`, file backend, " +
      "database on the bench cluster. State built by a real `pulumi up` after the schema was created through the core" +
      ((r.preview ?? []).some((p) => p.skipCheckpoints)
        ? ", with `PULUMI_SKIP_CHECKPOINTS=true` for both programs (the engine writes the state once at the end instead of after every step; see the findings)"
        : "") +
      ". Drift: on 10 % of the tables, `name` lost NOT NULL " +
      "and an undeclared index was added by hand. Catalog queries: calls in pg_stat_statements (reset before each preview) whose text names a pg_catalog relation.",
  );
  L.push("");
  L.push(
    "| tables | dynamic resources | state-building `up` | no-op preview | drift preview | baseline preview | overhead/resource (no-op) | catalog queries (no-op; drift) | all statements (no-op) | pulumi CLI peak RSS | drift preview says |",
  );
  L.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const p of r.preview ?? []) {
    if (p.error) {
      L.push(`| ${p.tables} | | ${cell(p.error)} | | | | | | | | |`);
      continue;
    }
    L.push(
      `| ${p.tables} | ${p.resources} | ${fmtMs(p.upMs)} (baseline ${fmtMs(p.baselineUpMs)}) | ${fmtMs(p.noop.medianMs)} | ${fmtMs(p.drift.medianMs)} | ${fmtMs(p.baseline.medianMs)} | ${((p.noop.medianMs - p.baseline.medianMs) / p.resources).toFixed(2)} ms | ${p.noop.catalogQueries.join(", ")}; ${p.drift.catalogQueries.join(", ")} | ${p.noop.statements.join(", ")} | ${p.noop.maxRssMb.toFixed(0)} MB | ${cell(p.drift.changes ?? "")} |`,
    );
  }
  L.push("");

  for (const p of (r.preview ?? []).filter((x) => x.profile)) {
    const prof = p.profile;
    if (!prof) continue;
    L.push(
      `CPU profile of one more no-op preview at ${p.tables} tables (\`bench/lib/cpu-prof-hook.js\` via \`NODE_OPTIONS\`, every Node process the CLI started), self time by file:`,
    );
    L.push("");
    L.push("| program | process | sampled | top files by self time |");
    L.push("| --- | --- | ---: | --- |");
    for (const [label, list] of [
      ["schemastack", prof.program],
      ["baseline", prof.baseline],
    ] as const)
      for (const pp of list)
        L.push(
          `| ${label} | ${pp.process} | ${fmtMs(pp.sampledMs)} | ${cell(pp.files.map((f) => `${f.fn} ${fmtMs(f.selfMs)}`).join("; "))} |`,
        );
    L.push("");
  }

  for (const e of [r.backup, r.branch]) {
    if (!e) continue;
    L.push(
      e.bench === "backup"
        ? "## 3. Backup (bench/backup, reused as is)"
        : "## 4. Branch (bench/branch, reused as is)",
    );
    L.push("");
    L.push(`Command: \`${e.command}\`${e.ok ? "" : ` - **failed**: ${cell(e.error ?? "")}`}`);
    L.push("");
    if (e.rows.length) {
      L.push("| method | median | min | max |");
      L.push("| --- | ---: | ---: | ---: |");
      for (const x of e.rows)
        L.push(`| ${cell(x.method)} | ${fmtMs(x.medianMs)} | ${fmtMs(x.minMs)} | ${fmtMs(x.maxMs)} |`);
      L.push("");
    }
    for (const s of e.summary) L.push(`> ${s}`);
    L.push("");
  }

  if (r.online?.length) {
    L.push("## 5. Online-ness under write load");
    L.push("");
    L.push(
      "Table `w5_big` (rows as loaded below) and `w5_owner` (10 000 rows). Load: `pgbench -n -c 4 -j 2 -T <window> -f update.sql -l` with " +
        "`update w5_big set amount = amount + 1 where id = :id` on random ids; the change starts 3 s into the load. schemastack: `applySchema` (core, as `schemastack apply` " +
        "calls it) with the desired schema rendered from SQL before the load starts; naive: the plain statement on a twin column. Latency: pgbench's per-transaction log, " +
        "transactions overlapping the change. Lock waits: polling `pg_locks.waitstart` every 100 ms.",
    );
    L.push("");
    L.push(
      "| change | method | statements run | change took | tx during | p50 | p99 | max | longest writer lock wait | longest DDL lock wait | note |",
    );
    L.push("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const o of r.online) {
      L.push(
        `| ${o.change} | ${o.method} | ${cell(o.sql.map((s) => `\`${s.replace(/\s+/g, " ").trim()}\``).join("<br>"))} | ${fmtMs(o.ddlMs)} | ${o.txInWindow} | ${fmtMs(o.p50Ms)} | ${fmtMs(o.p99Ms)} | ${fmtMs(o.maxMs)} | ${fmtMs(o.writerLockWaitMs)} | ${fmtMs(o.ddlLockWaitMs)} | ${cell(o.note ?? "")} |`,
      );
    }
    L.push("");
  }
  if (notes) L.push(notes);
  return L.join("\n") + "\n";
}
