// Views in the pure core (issue 16): the one-query check, guessed dependencies of declarations,
// fingerprints of schemas without views, inspect output, and which views the planner manages.
import { strict as assert } from "assert";
import { fromSpec, schemaFingerprint, toSpec } from "../../../core/model";
import { toTypeScript } from "../../../cli/to-typescript";
import { mentionedObjects, queryProblem } from "../../../core/model/view";
import { UnmanagedDependentError, buildPlan, planChanges } from "../../../core/plan";
import { replaceableInPlace } from "../../../core/plan/plan-views";

const orders = { columns: { id: { type: "bigint", primaryKey: true }, amount: { type: "integer" } } };

describe("views in the core", () => {
  it("accepts exactly one query and names what else it finds", () => {
    assert.equal(queryProblem("select 1;"), null);
    assert.equal(queryProblem("select ';' as a, $$;$$ as b, \"x;\" -- ; comment\n from t"), null);
    assert.match(queryProblem("select 1; drop table t") ?? "", /`;` followed by more SQL/);
    assert.match(queryProblem("select 1 /* x") ?? "", /unterminated \/\* comment/);
    assert.match(queryProblem("select 'x") ?? "", /unterminated string/);
    assert.match(queryProblem("select (1") ?? "", /unclosed/);
    assert.match(queryProblem("  ;") ?? "", /empty/);
  });

  it("guesses a declaration's dependencies from the names it mentions (strings and comments aside)", () => {
    const candidates = new Map([
      ["public.orders", "table:public.orders"],
      ["sales.totals", "view:sales.totals"],
    ]);
    assert.deepEqual(
      mentionedObjects(
        "select 'orders' from sales.totals t -- orders\n join \"orders\" o on true",
        "public",
        candidates,
      ),
      ["table:public.orders", "view:sales.totals"],
    );
    const model = fromSpec({
      schemas: { public: { tables: { orders }, views: { v: { query: "select amount from orders" } } } },
    });
    assert.deepEqual(model.views?.[0].dependsOn, ["table:public.orders", "column:public.orders.amount"]);
  });

  it("leaves the fingerprint of a schema without views unchanged; inspect prints views", () => {
    const plain = fromSpec({ schemas: { public: { tables: { orders } } } });
    const managedNone = fromSpec({ schemas: { public: { tables: { orders }, views: {} } } });
    assert.deepEqual(managedNone.views, []);
    assert.equal(schemaFingerprint(plain), schemaFingerprint(managedNone));
    const withView = fromSpec({
      schemas: {
        public: {
          tables: { orders },
          views: { m: { query: "select count(*) as n from orders", materialized: true, comment: "c" } },
        },
      },
    });
    assert.notEqual(schemaFingerprint(plain), schemaFingerprint(withView));
    assert.deepEqual(toSpec(withView).schemas.public.views, {
      m: { query: "select count(*) as n from orders", materialized: true, comment: "c" },
    });
    assert.match(
      toTypeScript(withView),
      /db\.materializedView\("m", \{ query: "select count\(\*\) as n from orders", comment: "c" \}\);/,
    );
  });

  it("CREATE OR REPLACE only when the old output columns lead the new ones unchanged", () => {
    const base = fromSpec({
      schemas: { public: { tables: { orders }, views: { v: { query: "select 1" } } } },
    }).views![0];
    const v = (columns: string[]) => ({
      ...base,
      columns: columns.map((c) => ({ name: c.split(" ")[0], type: c.split(" ")[1] })),
    });
    assert.ok(replaceableInPlace(v(["a int", "b text"]), v(["a int", "b text", "c int"])));
    assert.ok(!replaceableInPlace(v(["a int", "b text"]), v(["a int"])));
    assert.ok(!replaceableInPlace(v(["a int", "b text"]), v(["a bigint", "b text"])));
    assert.ok(!replaceableInPlace(v(["a int"]), v([])), "unknown columns (not rendered): re-create");
  });

  it("a declaration without views leaves live views alone and refuses a change under one", () => {
    const live = fromSpec({
      schemas: { public: { tables: { orders }, views: { v: { query: "select amount from orders" } } } },
    });
    const desired = fromSpec({
      schemas: {
        public: { tables: { orders: { columns: { ...orders.columns, amount: { type: "bigint" } } } } },
      },
    });
    const dependencies = [
      { dependent: "view:public.v", label: "view public.v", referenced: "column:public.orders.amount" },
    ];
    assert.ok(
      !buildPlan({ model: live, dependencies }, desired).steps.some((s) => s.objectKey.startsWith("view:")),
    );
    assert.throws(() => planChanges({ model: live, dependencies }, desired), UnmanagedDependentError);
    // Managed (the desired model has views): re-created around the type change instead.
    const managed = { ...desired, views: structuredClone(live.views) };
    const steps = planChanges({ model: live, dependencies }, managed).steps.map((s) => s.description);
    assert.deepEqual(steps, [
      "drop view public.v (created again below)",
      "change type of public.orders.amount from integer to bigint",
      "re-create view public.v",
    ]);
  });

  it("re-creates a view over a renamed table after the rename, with column dependencies as rendering reads them", () => {
    // Fuzz seed 20: a rendered view depends on columns only (pg_depend), which no step creates.
    const spec = (table: string, renamedFrom?: string) => ({
      schemas: {
        public: {
          tables: { [table]: { ...orders, ...(renamedFrom ? { renamedFrom } : {}) } },
          views: { v: { query: `SELECT ${table}.amount FROM public.${table}`, materialized: true } },
        },
      },
    });
    const live = fromSpec(spec("orders"));
    const desired = fromSpec(spec("purchases", "orders"));
    live.views![0].dependsOn = ["column:public.orders.amount"];
    desired.views![0].dependsOn = ["column:public.purchases.amount"];
    const steps = planChanges({ model: live }, desired).steps.map((s) => s.description);
    assert.ok(
      steps.indexOf("rename table public.orders to purchases") <
        steps.indexOf("re-create materialized view public.v"),
      steps.join("\n"),
    );
  });
});

describe("guessed view dependencies", () => {
  it("count views used as relations only, so a column alias named like a view is no edge", () => {
    const model = fromSpec({
      schemas: {
        public: {
          views: {
            a: { query: "select 1 as b" },
            b: { query: "select one as a from a" },
          },
        },
      },
    });
    assert.deepEqual(
      model.views?.map((v) => [v.name, v.dependsOn]),
      [
        ["a", []],
        ["b", ["view:public.a"]],
      ],
    );
    const steps = buildPlan({ ...model, views: [] }, model).steps.map((s) => s.description);
    assert.deepEqual(steps, ["create view public.a", "create view public.b"]);
  });
});
