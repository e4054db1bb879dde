// Functions and triggers against real Postgres: introspection in a constant number of queries,
// keys equal to the live dependency query's, what stays unmanaged listed by name, an unmanaged
// view on a function stopping its drop before any change, hand-made dependents of a function
// re-created (trigger, policy, index, domain check, default and check in another schema) named
// before any change, and a rollback-style plan back.
import { strict as assert } from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaSpec, fromSpec } from "../../../core/model";
import { mergeDeclared } from "../../../core/model/objects";
import { functionKey } from "../../../core/model/function";
import { UnmanagedDependentError, buildPlan, planChanges } from "../../../core/plan";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { TestDatabase, createTestDatabase } from "../../support/env";

function schema(functions: number): SchemaSpec {
  const fns = Object.fromEntries(
    Array.from({ length: functions }, (_, i) => [
      `touch_${i}`,
      { returns: "trigger", language: "plpgsql", body: `begin perform ${i}; return new; end` },
    ]),
  );
  return {
    schemas: {
      public: {
        tables: {
          items: {
            columns: { id: { type: "bigint", primaryKey: true }, v: { type: "integer" } },
            triggers: Object.fromEntries(
              Array.from({ length: functions }, (_, i) => [
                `items_touch_${i}`,
                { timing: "before", events: ["update"], forEach: "row", function: `touch_${i}` },
              ]),
            ),
          },
        },
        functions: {
          ...fns,
          add: {
            arguments: [{ name: "a", type: "integer" }],
            returns: "integer",
            language: "sql",
            body: "select a + 1",
          },
        },
      },
    },
  };
}

describe("functions and triggers on real Postgres", function () {
  let db: TestDatabase;
  let client: Client;
  before(async () => {
    db = await createTestDatabase("routines_core");
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  const countQueries = async () => {
    let n = 0;
    const counting = {
      query: (text: string, values?: unknown[]) => {
        n++;
        return client.query(text, values);
      },
    };
    await introspect(counting as unknown as Client, { schemas: ["public"] });
    return n;
  };

  it("introspects any number of functions and triggers in the same number of queries", async () => {
    await applySchema(client, fromSpec(schema(1)));
    const few = await countQueries();
    await applySchema(client, fromSpec(schema(40)));
    const many = await countQueries();
    assert.equal(many, few);
    const live = await introspect(client, { schemas: ["public"] });
    assert.equal(live.model.functions?.length, 41);
    assert.equal(live.model.triggers?.length, 40);
  });

  it("keys functions exactly as the live dependency query names them", async () => {
    const live = await introspect(client, { schemas: ["public"] });
    const keys = new Set(live.model.functions!.map(functionKey));
    const referenced = live.dependencies
      .filter((d) => d.referenced.startsWith("function:"))
      .map((d) => d.referenced);
    assert.ok(referenced.length >= 40);
    for (const k of referenced) assert.ok(keys.has(k), `${k} is not a model key`);
  });

  it("lists what it does not manage by name: aggregates, other languages, BEGIN ATOMIC bodies", async () => {
    await client.query("create aggregate public.my_sum(int) (sfunc = int4pl, stype = int)");
    await client.query(
      "create function public.my_abs(int) returns int language internal strict as 'int4abs'",
    );
    await client.query("create function public.atomic_one() returns int begin atomic select 1; end");
    const live = await introspect(client, { schemas: ["public"] });
    const unmanaged = live.unmanaged.map((u) => `${u.kind} ${u.name}`);
    assert.deepEqual(unmanaged.filter((u) => !u.startsWith("schema ")).sort(), [
      "aggregate my_sum(integer)",
      "function atomic_one()",
      "function my_abs(integer)",
    ]);
    assert.ok(!live.model.functions!.some((f) => ["my_sum", "my_abs", "atomic_one"].includes(f.name)));
    await client.query(
      "drop aggregate public.my_sum(int); drop function public.my_abs(int); drop function public.atomic_one()",
    );
  });

  it("a hand-made view on a function stops the function's drop before any change", async () => {
    await client.query("create view public.added as select public.add(1) as two");
    const live = await introspect(client, { schemas: ["public"] });
    const desired = fromSpec(schema(40));
    delete desired.functions![desired.functions!.findIndex((f) => f.name === "add")];
    desired.functions = desired.functions!.filter(Boolean);
    assert.throws(
      () => planChanges(live, desired),
      (e: unknown) =>
        e instanceof UnmanagedDependentError &&
        /view public\.added depends on function public\.add\(a integer\)/.test(e.message),
    );
    await client.query("drop view public.added");
  });

  it("plans back to an earlier declaration (what rollback runs) and converges", async () => {
    const earlier = fromSpec(schema(1));
    const live = await introspect(client, { schemas: ["public"] });
    const steps = buildPlan(live, earlier).steps;
    const drops = steps.filter((s) => s.sql.startsWith("DROP TRIGGER")).length;
    assert.equal(drops, 39);
    await applySchema(client, earlier, { allowDataLoss: true });
    assert.deepEqual(buildPlan(await introspect(client, { schemas: ["public"] }), earlier).steps, []);
  });
});

describe("hand-made dependents of a function re-created (real Postgres)", function () {
  let db: TestDatabase;
  let client: Client;
  // positive(x) -> positive(n): renaming an argument needs DROP FUNCTION, which they would block.
  const withFunction = (arg: string): SchemaSpec => ({
    schemas: {
      public: {
        tables: { t: { columns: { id: { type: "bigint", primaryKey: true }, w: { type: "integer" } } } },
        functions: {
          positive: {
            arguments: [{ name: arg, type: "integer" }],
            returns: "boolean",
            language: "sql",
            body: `select ${arg} > 0`,
            volatility: "immutable",
          },
          touch: { returns: "trigger", language: "plpgsql", body: "begin return new; end" },
        },
      },
    },
  });
  const scope = {
    schemas: ["public"],
    ignore: [
      { kind: "trigger" as const, name: "hand_*" },
      { kind: "index" as const, name: "hand_*" },
    ],
  };
  before(async () => {
    db = await createTestDatabase("routines_hand_made");
    client = new Client({ connectionString: db.url });
    await client.connect();
    await applySchema(client, fromSpec(withFunction("x")));
    await client.query(`
      create trigger hand_touch before update of w on public.t for each row
        when (public.positive(new.w)) execute function public.touch();
      create index hand_positive on public.t ((public.positive(w)));
      create policy hand_rows on public.t using (public.positive(w));
      create schema other;
      create domain other.pos as integer check (public.positive(value));
      create table other.o (a boolean default public.positive(1), b integer check (public.positive(b)))`);
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  it("are each named before any change; the database is unchanged", async () => {
    const before = await snapshotDatabase(db.url);
    const error = await applySchema(client, fromSpec(withFunction("n")), {
      scope,
      allowDataLoss: true,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof UnmanagedDependentError, String(error));
    const named = error.dependents.map((u) => `${u.dependent} | ${u.label}`).sort();
    assert.deepEqual(named, [
      "column:other.o.a | default value for column a of table other.o",
      "constraint:other.o.o_b_check | constraint o_b_check on table other.o",
      "index:public.t.hand_positive | index public.hand_positive",
      "policy:public.t.hand_rows | policy hand_rows on table public.t",
      "trigger:public.t.hand_touch | trigger hand_touch on table public.t",
      "type:other.pos | check pos_check of domain other.pos",
    ]);
    for (const u of error.dependents) assert.equal(u.dependsOn, "function:public.positive(x integer)");
    assert.match(
      error.message,
      /trigger hand_touch on table public\.t depends on function public\.positive\(x integer\)/,
    );
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
  });

  it("a hand-made trigger and policy on a column the plan retypes or drops are named too", async () => {
    const retyped = withFunction("x");
    retyped.schemas.public.tables!.t.columns.w.type = "bigint";
    const dropped = withFunction("x");
    delete dropped.schemas.public.tables!.t.columns.w;
    for (const desired of [retyped, dropped]) {
      const live = await introspect(client, { schemas: ["public"] });
      const plan = buildPlan(live, fromSpec(desired), { scope });
      assert.deepEqual(plan.unmanagedDependents?.map((u) => `${u.dependent} -> ${u.dependsOn}`).sort(), [
        "policy:public.t.hand_rows -> column:public.t.w",
        "trigger:public.t.hand_touch -> column:public.t.w",
      ]);
    }
  });

  it("a hand-made trigger kept undeclared stops the drop of its function or column, named", async () => {
    // A Pulumi program plans against the live schema merged with its declaration: undeclared
    // objects are kept as they are (dynamic-providers/runtime/schema-engine.ts).
    await client.query(
      "create trigger kept_touch before update of w on public.t for each row execute function public.touch()",
    );
    const live = await introspect(client, { schemas: ["public"] });
    const withoutTouch = mergeDeclared(live.model, fromSpec(withFunction("x")));
    withoutTouch.functions = withoutTouch.functions!.filter((f) => f.name !== "touch");
    const withoutW = withFunction("x");
    delete withoutW.schemas.public.tables!.t.columns.w;
    for (const [desired, dependsOn] of [
      [withoutTouch, "function:public.touch()"],
      [mergeDeclared(live.model, fromSpec(withoutW)), "column:public.t.w"],
    ] as const) {
      const plan = buildPlan(live, desired, { scope });
      assert.ok(
        plan.unmanagedDependents?.some(
          (u) => u.dependent === "trigger:public.t.kept_touch" && u.dependsOn === dependsOn,
        ),
        JSON.stringify(plan.unmanagedDependents?.map((u) => [u.dependent, u.dependsOn])),
      );
    }
    await client.query("drop trigger kept_touch on public.t");
  });
});
