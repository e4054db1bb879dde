// Rollback of one-off migrations (issue 18): a declared `down` runs while both shapes exist (after
// the old column is back, before the new one goes), and a migration without one is forgotten and
// the columns it names (every column but the key of a table it names) come back from the dump
// of the update that ran it.
import * as assert from "assert";
import { fromSpec } from "../../../core/model";
import type { SchemaSpec } from "../../../core/model/declaration";
import type { SchemaModel } from "../../../core/model/model";
import { planRollback, type LaterVersion } from "../../../core/rollback";

const dump = { uri: "s3://dumps/2.dump", key: "2.dump", target: { kind: "s3" as const, bucket: "dumps" } };

function model(
  version: string,
  columns: Record<string, unknown>,
  migrations?: SchemaSpec["migrations"],
): SchemaModel {
  return fromSpec({
    version,
    schemas: {
      public: { tables: { people: { columns: { id: { type: "bigint", primaryKey: true }, ...columns } } } },
    },
    ...(migrations ? { migrations } : {}),
  } as SchemaSpec);
}

const v1 = model("1", { full_name: { type: "text" } });
const split = (down?: string) =>
  model(
    "2",
    { full_name: { type: "text" }, first_name: { type: "text" } },
    {
      "2026-12-split-names": {
        sql: "UPDATE people SET first_name = split_part(full_name, ' ', 1), full_name = NULL",
        ...(down ? { down } : {}),
        after: { table: "people", column: "first_name" },
        before: { table: "people", column: "full_name" },
      },
    },
  );
const later = (desired: SchemaModel): LaterVersion[] => [{ label: "2", desired, dump, succeeded: true }];
const live = (desired: SchemaModel) => ({
  model: desired,
  dataMoves: { backfillsInProgress: [], appliedMigrations: ["2026-12-split-names"] },
});

describe("rollback of one-off migrations", () => {
  it("runs the declared down before dropping the column the migration filled, and removes its record", () => {
    const v2 = split("UPDATE people SET full_name = first_name");
    const plan = planRollback(live(v2), v1, { later: later(v2) });
    assert.deepStrictEqual(
      plan.plan.steps.map((s) => s.description),
      [
        "undo migration 2026-12-split-names (its declared down)",
        "remove migration 2026-12-split-names from schemastack.data_migration",
        "drop column first_name of public.people",
      ],
    );
    assert.deepStrictEqual(plan.restores, []);
  });

  it("without a down, restores the columns it names from the dump of the update that ran it", () => {
    const v2 = split();
    const plan = planRollback(live(v2), v1, { later: later(v2) });
    assert.deepStrictEqual(
      plan.restores.map((r) => [r.kind, r.kind === "column" ? r.column : "", r.dump?.uri]),
      [["column", "full_name", "s3://dumps/2.dump"]],
    );
    assert.match(
      plan.restores[0].reason,
      /may have been changed by migration 2026-12-split-names of version 2 \(no down declared\)/,
    );
    assert.ok(plan.plan.steps.some((s) => /^forget migration 2026-12-split-names/.test(s.description)));
    assert.deepStrictEqual(plan.blockers, []);
  });

  it("without a down, restores every column but the primary key of a table it names as a whole", () => {
    const v2 = model(
      "2",
      { full_name: { type: "text" }, note: { type: "text" } },
      { "2026-12-split-names": { sql: "UPDATE people SET full_name = upper(full_name)", after: "people" } },
    );
    const plan = planRollback(live(v2), model("1", { full_name: { type: "text" }, note: { type: "text" } }), {
      later: later(v2),
    });
    assert.deepStrictEqual(
      plan.restores.map((r) => [r.kind, r.kind === "column" ? r.column : "", r.dump?.uri]),
      [
        ["column", "full_name", "s3://dumps/2.dump"],
        ["column", "note", "s3://dumps/2.dump"],
      ],
    );
    assert.deepStrictEqual(plan.blockers, []);
  });

  it("leaves a migration the database never ran alone", () => {
    const v2 = split("UPDATE people SET full_name = first_name");
    const plan = planRollback({ model: v2 }, v1, { later: later(v2) });
    assert.deepStrictEqual(
      plan.plan.steps.map((s) => s.description),
      ["drop column first_name of public.people"],
    );
  });
});
