// Workloads 3 and 4 reuse the existing benches as they are: bench/backup/run.ts (dump to S3 vs
// `pg_dump -Fc > file`) and bench/branch/run.ts (local branch creation vs pg_dump | pg_restore),
// run as child processes and parsed from the report they print. Their own RESULTS.md files are
// restored afterwards (a copy of what they printed goes into the summary), so this harness never
// rewrites files it does not own. bench/backup uses the test env helper: it is pointed at a private
// environment ("bench-backup", its own cluster + versitygw) through SCHEMASTACK_TEST_ENV.
import * as fs from "fs";
import * as path from "path";
import { stopLocalEnv } from "../../localenv/env";
import { repoRoot } from "../../localenv/paths";
import { runCommand } from "../lib/proc";

export interface ExistingRow {
  method: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface ExistingBenchResult {
  bench: "backup" | "branch";
  command: string;
  ok: boolean;
  error?: string;
  rows: ExistingRow[];
  /** The headline line(s) and database size from the child's report. */
  summary: string[];
  report: string;
  wallMs: number;
}

function toMs(s: string): number {
  const m = /([\d.]+)\s*(ms|s)\b/.exec(s);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
}

export async function runExistingBench(
  bench: "backup" | "branch",
  quick: boolean,
  log: (s: string) => void,
): Promise<ExistingBenchResult> {
  const args =
    bench === "backup"
      ? ["--rounds", quick ? "1" : "3", ...(quick ? ["--megabytes", "40"] : ["--megabytes", "320"])]
      : ["--rounds", quick ? "1" : "3"];
  const script = path.join("bench", bench, "run.ts");
  const command = `SCHEMASTACK_TEST_ENV=bench-backup npx ts-node -T ${script} ${args.join(" ")}`.replace(
    bench === "branch" ? "SCHEMASTACK_TEST_ENV=bench-backup " : "",
    "",
  );
  log(`workload ${bench === "backup" ? 3 : 4}: ${command}`);
  const resultsFile = path.join(repoRoot, "bench", bench, "RESULTS.md");
  const saved = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile) : undefined;
  const tsNode = path.join(repoRoot, "node_modules", "ts-node", "dist", "bin.js");
  try {
    const r = await runCommand(process.execPath, [tsNode, "-T", script, ...args], {
      cwd: repoRoot,
      env: { ...process.env, SCHEMASTACK_TEST_ENV: "bench-backup" },
      timeoutMs: 60 * 60_000,
    });
    const report = r.stdout;
    const rows: ExistingRow[] = [];
    for (const line of report.split("\n")) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      if (cells.length < 5 || !/\d/.test(cells[2] ?? "") || cells[1] === "method") continue;
      const [median, min, max] = [cells[2], cells[3], cells[4]].map(toMs);
      if (Number.isFinite(median))
        rows.push({ method: cells[1].replace(/\\\|/g, "|"), medianMs: median, minMs: min, maxMs: max });
    }
    const summary = report
      .split("\n")
      .filter((l) => /^\*\*|^Database:|^Run |Verification/.test(l))
      .map((l) => l.trim());
    const ok = r.code === 0 && rows.length > 0;
    return {
      bench,
      command,
      ok,
      error: ok ? undefined : `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-4).join(" | ")}`,
      rows,
      summary,
      report,
      wallMs: r.wallMs,
    };
  } finally {
    if (saved) fs.writeFileSync(resultsFile, saved);
    if (bench === "backup") await stopLocalEnv("bench-backup", true);
  }
}
