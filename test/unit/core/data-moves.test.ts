// Issue 18, pure parts: declarations of data moves, their place in plans, the fingerprint.
import { strict as assert } from "assert";
import { SchemaSpec, fromSpec, schemaFingerprint } from "../../../core/model";
import { planChanges } from "../../../core/plan";

const table = (name?: Record<string, unknown>): SchemaSpec => ({
  schemas: {
    public: {
      tables: {
        t: {
          columns: {
            id: { type: "bigint", primaryKey: true },
            a: { type: "text" },
            ...(name ? { name } : {}),
          },
        } as never,
      },
    },
  },
});

describe("data moves (issue 18): declarations and plans", () => {
  it("leaves backfill and USING hints out of the fingerprint; folds one-off migrations in", () => {
    const plain = schemaFingerprint(fromSpec(table({ type: "text" })));
    assert.equal(
      schemaFingerprint(fromSpec(table({ type: "text", backfill: "upper(a)", using: "name" }))),
      plain,
    );
    const withMigration = fromSpec({ ...table({ type: "text" }), migrations: { m1: { sql: "select 1" } } });
    assert.notEqual(schemaFingerprint(withMigration), plain);
    const changedSql = fromSpec({ ...table({ type: "text" }), migrations: { m1: { sql: "select 2" } } });
    assert.notEqual(schemaFingerprint(changedSql), schemaFingerprint(withMigration));
  });

  it("plans no backfill for a column that exists and stays as it is, nor for a new table", () => {
    const declared = fromSpec(table({ type: "text", backfill: "upper(a)" }));
    assert.deepEqual(planChanges(declared, declared).steps, []);
    const created = planChanges(
      fromSpec({ schemas: { public: {} } }),
      fromSpec(table({ type: "text", nullable: false, backfill: "upper(a)" })),
    );
    assert.ok(!created.steps.some((s) => s.backfill), "a created table has no rows to fill");
  });

  it("resumes an interrupted backfill even when the column stays nullable", () => {
    const declared = fromSpec(table({ type: "text", backfill: "upper(a)" }));
    const plan = planChanges(
      {
        model: declared,
        dataMoves: { backfillsInProgress: ["column:public.t.name"], appliedMigrations: [] },
      },
      declared,
    );
    assert.deepEqual(
      plan.steps.map((s) => s.backfill?.fresh),
      [false],
    );
  });

  it("runs a migration only where the database has not", () => {
    const declared = fromSpec({ ...table(), migrations: { m1: { sql: "select 1" } } });
    assert.equal(planChanges(declared, declared).steps.length, 3);
    const applied = { model: declared, dataMoves: { backfillsInProgress: [], appliedMigrations: ["m1"] } };
    assert.deepEqual(planChanges(applied, declared).steps, []);
  });
});
