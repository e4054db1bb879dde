// Introspect + plan with functions, triggers and views (issue 16): workload 1's tables plus F
// functions, T triggers and V views, schemastack's CLI against pgschema's on the same live database
// and the same desired SQL file, runs interleaved. Ratios only.
//   npx ts-node -T bench/routines.ts [--tables 1000] [--functions 200] [--triggers 200] [--views 200] [--runs 3]
// Raw results: bench/raw/routines-<tables>.json; the table it prints goes to bench/RESULTS.md by hand.
import * as fs from "fs";
import * as path from "path";
import { withClient } from "../core/pg/with-client";
import { repoRoot } from "../localenv/paths";
import { flag } from "./lib/args";
import { benchDir, startBenchCluster } from "./lib/cluster";
import { ensureGnuTime, runMeasured } from "./lib/proc";
import { median } from "./lib/stats";
import { installPeer, peerSpecs } from "./peers";
import { pgschemaPlanArgs } from "./workloads/plan";
import { benchSchema, changedSchema, specToSql } from "./workloads/schema-sql";

const tables = Number(flag("tables") ?? 1000);
const functions = Number(flag("functions") ?? 200);
const triggers = Number(flag("triggers") ?? 200);
const views = Number(flag("views") ?? 200);
const runs = Number(flag("runs") ?? 3);
const t0 = Date.now();
const log = (s: string) =>
  process.stderr.write(`[routines ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);

/**
 * F trigger functions (`touch_<i>`, PL/pgSQL) and T row triggers, trigger i on the i-th table
 * using function i mod F. `changed`: every 10th function body and every 10th trigger's events
 * differ, so both tools plan a CREATE OR REPLACE of each.
 */
function routinesSql(tableNames: string[], changed: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < functions; i++) {
    const note = changed && i % 10 === 0 ? "changed" : "original";
    out.push(
      `CREATE FUNCTION public.touch_${i}() RETURNS trigger LANGUAGE plpgsql AS $$\nbegin\n  perform '${note} ${i}';\n  return new;\nend\n$$;`,
    );
  }
  for (let i = 0; i < triggers; i++) {
    const table = tableNames[i % tableNames.length];
    const events = changed && i % 10 === 0 ? "INSERT OR UPDATE" : "UPDATE";
    out.push(
      `CREATE TRIGGER trg_${i} BEFORE ${events} ON public."${table}" FOR EACH ROW EXECUTE FUNCTION public.touch_${i % functions}();`,
    );
  }
  return out.join("\n") + "\n";
}

/** V views over the tables from the middle on; `changed`: every 10th view's condition differs. */
function viewsSql(tableNames: string[], changed: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < views; i++) {
    const table = tableNames[(Math.floor(tableNames.length / 2) + i) % tableNames.length];
    const min = changed && i % 10 === 0 ? 1 : 0;
    out.push(`CREATE VIEW public.v_${i} AS SELECT id, name, qty FROM public."${table}" WHERE qty >= ${min};`);
  }
  return out.join("\n") + "\n";
}

const countStatements = (out: string, tool: string) =>
  tool === "pgschema"
    ? out.split("\n").filter((l) => /^(CREATE|ALTER|DROP|COMMENT)\b/i.test(l.trim())).length
    : out.split("\n").filter((l) => /^\s*\d+[.)]/.test(l)).length;

async function main(): Promise<void> {
  ensureGnuTime(log);
  const pgschemaSpec = peerSpecs.find((s) => s.id === "pgschema");
  const pgschema = pgschemaSpec && (await installPeer(pgschemaSpec, log));
  if (!pgschema?.ok || !pgschema.binary)
    throw new Error(`pgschema could not be built: ${JSON.stringify(pgschema?.attempts)}`);
  const cluster = await startBenchCluster("routines");
  try {
    const base = benchSchema(tables);
    const tableNames = Object.keys(base.schemas.public.tables ?? {});
    const dir = path.join(benchDir(), "routines", String(tables));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "desired"), { recursive: true });
    const desiredSql = path.join(dir, "desired", "schema.sql");
    fs.writeFileSync(
      desiredSql,
      specToSql(changedSchema(tables)) + routinesSql(tableNames, true) + viewsSql(tableNames, true),
    );
    const db = `routines_${tables}`;
    const url = await cluster.createDatabase(db);
    await withClient(url, (c) =>
      c.query(specToSql(base) + routinesSql(tableNames, false) + viewsSql(tableNames, false)),
    );
    await cluster.query(db, "vacuum analyze");
    const cli = path.join(repoRoot, "cli", "bin", "schemastack");
    const tools = [
      {
        tool: "schemastack",
        cmd: process.execPath,
        args: [cli, "plan", "--database-url", url, "--desired", desiredSql],
      },
      { tool: "pgschema", cmd: pgschema.binary, args: pgschemaPlanArgs(url, desiredSql) },
    ].map((t) => ({ ...t, wallMs: [] as number[], rssKb: [] as number[], statements: 0, error: "" }));
    for (let round = 0; round < runs; round++) {
      for (const t of tools) {
        const m = await runMeasured(t.cmd, t.args, { timeoutMs: 30 * 60_000 });
        // schemastack plan exits 3 when there are changes
        if (m.code !== 0 && !(t.tool === "schemastack" && m.code === 3)) {
          t.error = `exit ${m.code}: ${(m.stderr || m.stdout).trim().split("\n").slice(-3).join(" | ")}`;
          log(`${t.tool} failed: ${t.error}`);
          continue;
        }
        t.wallMs.push(m.wallMs);
        t.rssKb.push(m.maxRssKb);
        if (round === 0) t.statements = countStatements(m.stdout, t.tool);
        log(`${t.tool} run ${round + 1}: ${(m.wallMs / 1000).toFixed(2)} s`);
      }
    }
    const [ours, theirs] = tools;
    const ratio = median(ours.wallMs) / median(theirs.wallMs);
    const result = {
      date: new Date().toISOString(),
      command: `npx ts-node -T bench/routines.ts --tables ${tables} --functions ${functions} --triggers ${triggers} --views ${views} --runs ${runs}`,
      tables,
      functions,
      triggers,
      views,
      pgschemaVersion: pgschema.version,
      tools: tools.map((t) => ({
        tool: t.tool,
        runs: t.wallMs.length,
        medianWallMs: median(t.wallMs),
        medianRssMb: median(t.rssKb) / 1024,
        statements: t.statements,
        error: t.error || undefined,
      })),
      wallRatioSchemastackToPgschema: ratio,
    };
    const out = path.join(__dirname, "raw", `routines-${tables}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    process.stdout.write(
      [
        `| tool | runs | wall time (x pgschema) | peak RSS (x pgschema) | plan statements |`,
        `| --- | ---: | ---: | ---: | ---: |`,
        ...result.tools.map(
          (t) =>
            `| ${t.tool} | ${t.runs} | ${(t.medianWallMs / result.tools[1].medianWallMs).toFixed(2)} | ${(t.medianRssMb / result.tools[1].medianRssMb).toFixed(2)} | ${t.statements} |`,
        ),
        "",
      ].join("\n"),
    );
    await cluster.dropDatabase(db);
  } finally {
    await cluster.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
