// The schema-pair fuzzer from the command line, for long runs:
//   npx ts-node -T test/fuzz/run.ts --seeds 2000 [--from 1] [--report bench/fuzz/RESULTS.md]
// (SCHEMASTACK_TEST_ENV selects the local environment, started on first use like the tests'.)
// Prints one line per failing seed with its stage, edits and error, and a summary; with
// --report, writes the summary as Markdown. A failing seed replays with `--from SEED --seeds 1`;
// fixed ones become cases in test/corpus/cases/fuzz-found.ts.
import * as fs from "fs";
import { Client } from "pg";
import { createTestDatabase, TestDatabase } from "../support/env";
import { PairFailure, checkPair } from "./check-pair";
import { generatePair } from "./generate-kinds";

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

export interface FuzzSummary {
  from: number;
  seeds: number;
  failures: Array<{ seed: number; stage: string; message: string }>;
  ms: number;
}

export async function runSeeds(
  from: number,
  count: number,
  onFailure?: (f: PairFailure) => void,
  onProgress?: (summary: FuzzSummary) => void,
): Promise<FuzzSummary> {
  const dbs: TestDatabase[] = [await createTestDatabase("fuzz_a"), await createTestDatabase("fuzz_b")];
  const clients = dbs.map((d) => new Client({ connectionString: d.url }));
  await Promise.all(clients.map((c) => c.connect()));
  // Roles are cluster-wide: this run's carry its process id, so a parallel run's never collide.
  const rolePrefix = `fz${process.pid.toString(36)}_`;
  const started = Date.now();
  const failures: FuzzSummary["failures"] = [];
  try {
    for (let seed = from; seed < from + count; seed++) {
      const pair = generatePair(seed, rolePrefix);
      try {
        await checkPair(pair, {
          a: { url: dbs[0].url, client: clients[0] },
          b: { url: dbs[1].url, client: clients[1] },
        });
      } catch (error) {
        const f = error instanceof PairFailure ? error : new PairFailure(pair, "harness", String(error));
        failures.push({ seed, stage: f.stage, message: f.message });
        onFailure?.(f);
      }
      if ((seed - from + 1) % 25 === 0)
        onProgress?.({ from, seeds: seed - from + 1, failures: [...failures], ms: Date.now() - started });
    }
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await Promise.all(dbs.map((d) => d.drop()));
  }
  return { from, seeds: count, failures, ms: Date.now() - started };
}

function writeReport(file: string, summary: FuzzSummary, complete: boolean): string {
  const last = summary.from + summary.seeds - 1;
  const line = `${summary.seeds} seeds (${summary.from}..${last}), ${summary.failures.length} failing, ${(summary.ms / 1000).toFixed(0)} s${complete ? "" : " (in progress)"}`;
  if (!file) return line;
  const stages = new Map<string, number>();
  for (const f of summary.failures) stages.set(f.stage, (stages.get(f.stage) ?? 0) + 1);
  fs.writeFileSync(
    file,
    [
      `# Schema-pair fuzzer: ${line}`,
      "",
      `Command: \`npx ts-node -T test/fuzz/run.ts --from ${summary.from} --seeds ${summary.seeds}\``,
      "",
      ...(summary.failures.length
        ? [
            "| stage | failing seeds |",
            "| --- | ---: |",
            ...[...stages].map(([s, n]) => `| ${s} | ${n} |`),
            "",
            "Failing seeds:",
            "",
            ...summary.failures.map((f) => `- ${f.message.split("\n")[0]}`),
          ]
        : ["No failing seed."]),
      "",
    ].join("\n"),
  );
  return line;
}

async function main(): Promise<void> {
  const from = Number(flag("from", "1"));
  const seeds = Number(flag("seeds", "100"));
  const report = flag("report", "");
  const summary = await runSeeds(
    from,
    seeds,
    (f) => process.stdout.write(`FAIL ${f.message}\n`),
    (partial) => process.stdout.write(`progress: ${writeReport(report, partial, false)}\n`),
  );
  process.stdout.write(`${writeReport(report, summary, true)}\n`);
  process.exitCode = summary.failures.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  });
}
