// Adversarial bad input through the core (the same code path `schemastack apply` runs: load the
// desired file, render it in a scratch database, lock, plan, execute), every case of the table.
// Rejected cases must fail with their specific error and leave the catalog and every row untouched;
// hostile-but-valid cases must create exactly what was declared and converge.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applySchema } from "../../../core/apply";
import { withClient } from "../../../core/pg/with-client";
import { loadDesired } from "../../../cli/load-desired";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { FigureCounter } from "../../support/adversarial/figures";
import {
  BadInputCase,
  badInputCases,
  baseline,
  seedSql,
  toSchemaSpec,
} from "../../support/adversarial/bad-inputs";

const figures = new FigureCounter("bad-input-core");

function desiredFile(dir: string, c: BadInputCase): string {
  const spec = baseline();
  c.mutate?.(spec);
  const file = path.join(dir, `${c.id.replace(/[^a-z0-9]+/gi, "_").slice(0, 60)}.${c.raw?.ext ?? "json"}`);
  fs.writeFileSync(file, c.raw ? c.raw.text : JSON.stringify(toSchemaSpec(spec)));
  return file;
}

async function applyFile(url: string, file: string, allowDataLoss: boolean): Promise<number> {
  const desired = await loadDesired({ file, scratchServerUrl: url, schemas: ["public"] });
  return withClient(url, async (c) => (await applySchema(c, desired, { allowDataLoss })).executedSteps);
}

export async function seededDatabase(prefix: string, dir: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  const file = path.join(dir, `baseline-${db.name}.json`);
  fs.writeFileSync(file, JSON.stringify(toSchemaSpec(baseline())));
  await applyFile(db.url, file, false);
  for (const sql of seedSql) await query(db.url, sql);
  return db;
}

/** The baseline's rows, column by column (a hostile case may add columns, which changes row text). */
async function baselineRows(url: string): Promise<unknown[]> {
  return [
    ...(await query(url, "select id, name, score, mood from public.victims order by id")),
    ...(await query(url, "select id, code from public.parents order by id")),
  ];
}

describe("adversarial: bad input through the core (load, render, plan, apply)", function () {
  this.timeout(300_000);
  let dir: string;
  let shared: TestDatabase;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-bad-input-"));
    shared = await seededDatabase("adv_bad_core", dir);
  });
  after(async () => {
    await shared?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    figures.report();
  });

  it(`has at least 50 cases`, () => {
    assert.ok(badInputCases.length >= 50, `${badInputCases.length} cases`);
  });

  for (const c of badInputCases.filter((x) => x.kind === "rejected")) {
    it(`rejects: ${c.id}`, async () => {
      figures.add("badInputsTried");
      const before = await snapshotDatabase(shared.url);
      const error = await applyFile(shared.url, desiredFile(dir, c), !c.noDataLossOptIn).then(
        (steps) => new Error(`accepted (${steps} step(s) run)`),
        (e: unknown) => e as Error,
      );
      assert.match(error.message, c.expect ?? /./, `wrong or no error for "${c.id}": ${error.message}`);
      assert.deepStrictEqual(
        await snapshotDatabase(shared.url),
        before,
        `the database changed for "${c.id}"`,
      );
      figures.add("badInputsRejectedCleanly");
    });
  }

  for (const c of badInputCases.filter((x) => x.kind === "exact")) {
    it(`creates exactly as declared: ${c.id}`, async () => {
      figures.add("badInputsTried");
      const db = await seededDatabase("adv_exact", dir);
      try {
        const before = await snapshotDatabase(db.url);
        const rowsBefore = await baselineRows(db.url);
        const file = desiredFile(dir, c);
        assert.ok((await applyFile(db.url, file, false)) > 0, "nothing was applied");
        await c.check?.(db.url);
        const after = await snapshotDatabase(db.url);
        // Nothing that existed lost a row or a value, and every relation is still there.
        assert.deepStrictEqual(await baselineRows(db.url), rowsBefore);
        for (const table of Object.keys(before.rows)) assert.ok(after.rows[table], `${table} is gone`);
        // Converged: a second run has nothing to do and changes nothing.
        assert.strictEqual(await applyFile(db.url, file, false), 0, "second run was not a no-op");
        assert.deepStrictEqual(await snapshotDatabase(db.url), after);
        figures.add("hostileInputsCreatedExactly");
      } finally {
        await db.drop();
      }
    });
  }
});
