// Introspection and planning time for generated schemas of 10, 100 and 1000 tables.
// Run: npx ts-node -T bench/core/run.ts [sizes...]   (uses the local test env's Postgres)
import { Client } from "pg";
import { executePlan } from "../../core/apply/execute-plan";
import { introspect } from "../../core/introspect/introspect";
import { fromSpec } from "../../core/model/from-declaration";
import { emptySchemaModel } from "../../core/model/model";
import { planChanges } from "../../core/plan/plan-changes";
import { createTestDatabase } from "../../test/support/env";
import { generateSchema } from "./generate";

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(tables: number) {
  const desired = fromSpec(generateSchema(tables));
  const db = await createTestDatabase(`bench_core_${tables}`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const [createPlan, planCreateMs] = await timed(() => planChanges(emptySchemaModel(), desired));
    const [, applyMs] = await timed(() => executePlan(client, createPlan));
    const introspectRuns: number[] = [];
    const planRuns: number[] = [];
    let queries = 0;
    for (let i = 0; i < 5; i++) {
      const counting = {
        query: (text: string, values?: unknown[]) => {
          queries++;
          return client.query(text, values);
        },
      };
      queries = 0;
      const [live, ms] = await timed(() => introspect(counting as Client));
      introspectRuns.push(ms);
      const [plan, pms] = await timed(() => planChanges(live, desired));
      if (plan.steps.length) throw new Error(`not converged: ${plan.steps.length} steps`);
      planRuns.push(pms);
    }
    return {
      tables,
      steps: createPlan.steps.length,
      planCreateMs,
      applyMs,
      introspectMs: median(introspectRuns),
      planNoopMs: median(planRuns),
      queries,
    };
  } finally {
    await client.end();
    await db.drop();
  }
}

async function main() {
  const sizes = process.argv.slice(2).map(Number);
  const rows = [];
  for (const n of sizes.length ? sizes : [10, 100, 1000]) {
    const r = await measure(n);
    rows.push(r);
    console.error(`measured ${n} tables`);
  }
  const f = (x: number) => x.toFixed(2);
  console.log(
    "| tables | catalog queries | introspect (ms) | per table | plan, converged (ms) | per table | plan from empty (ms) | per table | apply from empty (ms) |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.tables} | ${r.queries} | ${f(r.introspectMs)} | ${f(r.introspectMs / r.tables)} | ${f(r.planNoopMs)} | ${f(r.planNoopMs / r.tables)} | ${f(r.planCreateMs)} | ${f(r.planCreateMs / r.tables)} | ${f(r.applyMs)} |`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
