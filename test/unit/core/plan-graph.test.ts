import { strict as assert } from "assert";
import { SchemaSpec, SchemaValidationError, TableDeclaration, fromSpec } from "../../../core/model";
import { parseIgnoreRule, parseScope } from "../../../core/model/scope";
import {
  PlanStep,
  UnmanagedDependentError,
  buildPlan,
  planChanges,
  planObjectChanges,
} from "../../../core/plan";
import { GraphStep, PlanCycleError, cycles, orderSteps } from "../../../core/plan/plan-graph";

interface TestStep extends GraphStep {
  id: string;
}
let seq = 0;
const step = (
  id: string,
  rank: number,
  sets: { creates?: string[]; drops?: string[]; needs?: string[]; group?: string; objectKey?: string } = {},
) => ({
  step: {
    id,
    objectKey: sets.objectKey ?? `x:${id}`,
    description: id,
    group: sets.group ?? `g-${id}`,
    creates: sets.creates ?? [],
    drops: sets.drops ?? [],
    needs: sets.needs ?? [],
  } as TestStep,
  rank,
  seq: seq++,
});
const ids = (steps: TestStep[]) => steps.map((s) => s.id);

describe("core/plan/plan-graph orderSteps", () => {
  it("keeps the tie-break (rank, then insertion order) where the graph leaves steps free", () => {
    assert.deepEqual(ids(orderSteps([step("b", 2), step("a", 1), step("c", 2)])), ["a", "b", "c"]);
  });

  it("runs a step after whatever creates what it needs, against the tie-break", () => {
    const out = orderSteps([
      step("fk", 1, { needs: ["table:t"] }),
      step("create t", 9, { creates: ["table:t"] }),
    ]);
    assert.deepEqual(ids(out), ["create t", "fk"]);
  });

  it("drops a key before creating it again", () => {
    const out = orderSteps([
      step("create i", 1, { creates: ["index:i"] }),
      step("drop i", 5, { drops: ["index:i"] }),
    ]);
    assert.deepEqual(ids(out), ["drop i", "create i"]);
  });

  it("runs a step that needs a key only dropped before the drop", () => {
    const out = orderSteps([
      step("drop t", 1, { drops: ["table:t"] }),
      step("drop fk of t", 5, { drops: ["constraint:t.fk"], needs: ["table:t"] }),
    ]);
    assert.deepEqual(ids(out), ["drop fk of t", "drop t"]);
  });

  it("drops dependents before what they depend on (live dependencies), in reverse dependency order", () => {
    const live = new Map([
      ["table:b", ["table:a"]],
      ["table:c", ["table:b"]],
    ]);
    const out = orderSteps(
      [
        step("drop a", 1, { drops: ["table:a"] }),
        step("drop b", 1, { drops: ["table:b"] }),
        step("drop c", 1, { drops: ["table:c"] }),
      ],
      live,
    );
    assert.deepEqual(ids(out), ["drop c", "drop b", "drop a"]);
  });

  it("keeps the steps of one object in their order and the steps of a group together", () => {
    const out = orderSteps([
      step("alter 1", 3, { objectKey: "column:t.c", group: "g" }),
      step("other", 3),
      step("alter 2", 3, { objectKey: "column:t.c", group: "g" }),
      step("comment", 1, { objectKey: "column:t.c" }),
    ]);
    const order = ids(out);
    assert.equal(order.indexOf("alter 2"), order.indexOf("alter 1") + 1, order.join(", "));
    assert.ok(order.indexOf("comment") < order.indexOf("alter 1"), order.join(", "));
  });

  it("is deterministic: the same input gives the same order", () => {
    const make = () => [
      step("x", 2, { creates: ["k"] }),
      step("y", 1, { needs: ["k"] }),
      step("z", 1),
      step("w", 2),
    ];
    assert.deepEqual(ids(orderSteps(make())), ids(orderSteps(make())));
    assert.deepEqual(ids(orderSteps(make())), ["z", "x", "y", "w"]);
  });

  it("fails loudly on a cycle, naming the steps in it", () => {
    assert.throws(
      () =>
        orderSteps([
          step("p", 1, { creates: ["a"], needs: ["b"] }),
          step("q", 1, { creates: ["b"], needs: ["a"] }),
        ]),
      (e: unknown) => e instanceof PlanCycleError && /p/.test(e.message) && /q/.test(e.message),
    );
  });

  it("finds strongly connected components for breaking cycles", () => {
    const edges = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
      ["c", ["a"]],
      ["d", ["d"]],
    ]);
    assert.deepEqual(cycles(["a", "b", "c", "d"], edges), [["a", "b"]]);
  });
});

const model = (tables: Record<string, TableDeclaration>, extra: Partial<SchemaSpec> = {}) =>
  fromSpec({ schemas: { public: { tables } }, ...extra });
const id = { id: { type: "bigint", primaryKey: true } } as const;
const fk = (name: string, column: string, table: string, refColumn = "id") => ({
  [name]: { type: "foreignKey" as const, columns: [column], references: { table, columns: [refColumn] } },
});
const position = (steps: PlanStep[], pattern: RegExp) => {
  const i = steps.findIndex((s) => pattern.test(s.sql));
  assert.ok(i >= 0, `no step matches ${pattern}:\n${steps.map((s) => s.sql).join("\n")}`);
  return i;
};
const sqlOf = (steps: PlanStep[]) => steps.map((s) => s.sql.split("\n")[0]);

describe("core/plan dependency order", () => {
  // Named so that the alphabetical / declaration order is the wrong one.
  const accounts: TableDeclaration = { columns: { ...id } };
  const orders: TableDeclaration = {
    columns: { ...id, account_id: { type: "bigint" } },
    constraints: fk("orders_account_id_fkey", "account_id", "accounts"),
  };

  it("drops a referencing table before the table it references (the issue's two-table drop)", () => {
    const steps = planChanges(model({ accounts, orders }), model({}), { allowDataLoss: true }).steps;
    assert.deepEqual(sqlOf(steps), ["DROP TABLE public.orders", "DROP TABLE public.accounts"]);
  });

  it("drops a three-table chain in reverse dependency order and creates it forwards", () => {
    const a: TableDeclaration = { columns: { ...id } };
    const b: TableDeclaration = {
      columns: { ...id, a_id: { type: "bigint" } },
      constraints: fk("b_a", "a_id", "a"),
    };
    const c: TableDeclaration = {
      columns: { ...id, b_id: { type: "bigint" } },
      constraints: fk("c_b", "b_id", "b"),
    };
    const full = model({ a, b, c });
    const drops = planChanges(full, model({}), { allowDataLoss: true }).steps;
    assert.deepEqual(sqlOf(drops), ["DROP TABLE public.c", "DROP TABLE public.b", "DROP TABLE public.a"]);
    const creates = planChanges(model({}), full).steps;
    assert.ok(
      position(creates, /^ALTER TABLE public\.c ADD CONSTRAINT c_b/) >
        position(creates, /^CREATE TABLE public\.b/),
    );
  });

  it("drops a table with its referencer while a third keeps referencing a column that stays", () => {
    const invoices: TableDeclaration = {
      columns: { ...id, account_id: { type: "bigint" } },
      constraints: fk("invoices_account_id_fkey", "account_id", "accounts"),
    };
    const lines: TableDeclaration = {
      columns: { ...id, order_id: { type: "bigint" } },
      constraints: fk("lines_order_id_fkey", "order_id", "orders"),
    };
    const before = model({
      accounts: { columns: { ...id, code: { type: "text" } } },
      orders,
      lines,
      invoices,
    });
    const after = model({ accounts, invoices });
    const steps = planChanges(before, after, { allowDataLoss: true }).steps;
    assert.ok(position(steps, /^DROP TABLE public\.lines/) < position(steps, /^DROP TABLE public\.orders/));
    assert.ok(!steps.some((s) => /invoices/.test(s.sql)), "the kept foreign key is left alone");
    assert.ok(steps.some((s) => /DROP COLUMN code/.test(s.sql)));
  });

  it("breaks a foreign-key cycle on purpose: FKs added after both tables, dropped before either", () => {
    const x: TableDeclaration = {
      columns: { ...id, y_id: { type: "bigint" } },
      constraints: fk("x_y", "y_id", "y"),
    };
    const y: TableDeclaration = {
      columns: { ...id, x_id: { type: "bigint" } },
      constraints: fk("y_x", "x_id", "x"),
    };
    const creates = planChanges(model({}), model({ x, y })).steps;
    const lastTable = Math.max(
      position(creates, /^CREATE TABLE public\.x/),
      position(creates, /^CREATE TABLE public\.y/),
    );
    const addX = creates[position(creates, /ADD CONSTRAINT x_y/)];
    assert.ok(creates.indexOf(addX) > lastTable);
    assert.match(addX.description, /foreign-key cycle public\.x -> public\.y -> public\.x/);

    const drops = planChanges(model({ x, y }), model({}), { allowDataLoss: true }).steps;
    assert.deepEqual(sqlOf(drops), [
      "ALTER TABLE public.x DROP CONSTRAINT x_y",
      "ALTER TABLE public.y DROP CONSTRAINT y_x",
      "DROP TABLE public.x",
      "DROP TABLE public.y",
    ]);
    assert.match(drops[0].description, /cycle .*dropped before its tables/);
  });

  it("drops a foreign key before the key it references is rebuilt, and adds it after", () => {
    const parent = (cols: string[]): TableDeclaration => ({
      columns: { id: { type: "bigint", nullable: false }, k: { type: "bigint", nullable: false } },
      constraints: { parent_pkey: { type: "primaryKey", columns: cols } },
    });
    const child: TableDeclaration = {
      columns: { ...id, p: { type: "bigint" } },
      constraints: fk("child_p", "p", "parent"),
    };
    const steps = planChanges(
      model({ parent: parent(["id"]), child }),
      model({
        parent: { ...parent(["id"]), indexes: { parent_id_k: { columns: ["id", "k"], unique: true } } },
        child,
      }),
    ).steps;
    assert.ok(!steps.some((s) => /child_p/.test(s.sql)), "an untouched key keeps its FK");
    const rebuilt = planChanges(
      model({ parent: parent(["id"]), child }),
      model({ parent: parent(["k"]), child: { ...child, constraints: fk("child_p", "p", "parent", "k") } }),
    ).steps;
    assert.ok(
      position(rebuilt, /DROP CONSTRAINT child_p/) < position(rebuilt, /DROP CONSTRAINT parent_pkey/),
    );
    assert.ok(
      position(rebuilt, /ADD CONSTRAINT child_p/) >
        position(rebuilt, /PRIMARY KEY USING INDEX|ADD CONSTRAINT parent_pkey/),
    );
  });

  it("changes a column's type away from an enum before dropping the enum", () => {
    const withEnum = fromSpec({
      schemas: {
        public: { enums: { mood: ["a", "b"] }, tables: { t: { columns: { ...id, m: { type: "mood" } } } } },
      },
    });
    const plain = model({ t: { columns: { ...id, m: { type: "text" } } } });
    const steps = planChanges(withEnum, plain, { allowDataLoss: true }).steps;
    assert.ok(position(steps, /ALTER COLUMN m TYPE text/) < position(steps, /^DROP TYPE public\.mood/));
  });

  it("every step declares what it creates, drops or needs", () => {
    const steps = planChanges(model({ accounts, orders }), model({ orders: { columns: { ...id } } }), {
      allowDataLoss: true,
    }).steps;
    for (const s of steps) assert.ok(s.creates.length + s.drops.length + s.needs.length > 0, s.description);
  });
});

describe("core/plan unmanaged dependents", () => {
  const users = (type: string): TableDeclaration => ({ columns: { ...id, email: { type } } });
  const view = {
    dependent: "view:public.user_emails",
    label: "view public.user_emails",
    referenced: "column:public.users.email",
  };

  it("refuses a type change under a hand-made view, naming the view, the column and the step", () => {
    const live = { model: model({ users: users("text") }), dependencies: [view] };
    const desired = model({ users: users("character varying(200)") });
    assert.throws(
      () => planChanges(live, desired, { allowDataLoss: true }),
      (e: unknown) =>
        e instanceof UnmanagedDependentError &&
        /view public\.user_emails/.test(e.message) &&
        /column public\.users\.email/.test(e.message) &&
        /change type of public\.users\.email/.test(e.message) &&
        /nothing was changed/.test(e.message),
    );
    const plan = buildPlan(live, desired);
    assert.equal(plan.unmanagedDependents?.length, 1);
    assert.equal(plan.unmanagedDependents?.[0].dependent, "view:public.user_emails");
  });

  it("refuses dropping a table an unmanaged object depends on, and the object's own steps too", () => {
    const live = { model: model({ users: users("text") }), dependencies: [view] };
    assert.throws(() => planChanges(live, model({}), { allowDataLoss: true }), UnmanagedDependentError);
    assert.throws(
      () => planObjectChanges(live, model({}), "table:public.users", { allowDataLoss: true }),
      UnmanagedDependentError,
    );
  });

  it("lets a table's own trigger go with it, and retypes a column an unmanaged FK references", () => {
    const trigger = {
      dependent: "trigger:public.users.audit",
      label: "trigger audit on table public.users",
      referenced: "column:public.users.email",
    };
    assert.doesNotThrow(() =>
      planChanges({ model: model({ users: users("text") }), dependencies: [trigger] }, model({}), {
        allowDataLoss: true,
      }),
    );
    const foreign = {
      dependent: "constraint:public.lib_t.lib_t_user_fkey",
      label: "constraint lib_t_user_fkey on table public.lib_t",
      referenced: "column:public.users.id",
    };
    const live = { model: model({ users: users("text") }), dependencies: [foreign] };
    const retyped = model({
      users: { columns: { id: { type: "integer", primaryKey: true }, email: { type: "text" } } },
    });
    assert.doesNotThrow(() => planChanges(live, retyped, { allowDataLoss: true }));
    assert.throws(
      () => planChanges(live, model({}), { allowDataLoss: true }),
      /constraint lib_t_user_fkey on table public\.lib_t depends on column public\.users\.id/,
    );
  });

  it("lets renames through (Postgres updates the view) and ignores dependents the model manages", () => {
    const renamed = model({
      users: { columns: { ...id, mail: { type: "text", renamedFrom: "email" } } },
    });
    assert.equal(
      planChanges({ model: model({ users: users("text") }), dependencies: [view] }, renamed).steps.length,
      1,
    );
    const managedDependent = { ...view, dependent: "index:public.users.users_email_idx" };
    const withIndex = model({
      users: { ...users("text"), indexes: { users_email_idx: { columns: ["email"] } } },
    });
    const retyped = model({
      users: { ...users("character varying(10)"), indexes: { users_email_idx: { columns: ["email"] } } },
    });
    assert.ok(
      planChanges({ model: withIndex, dependencies: [managedDependent] }, retyped, { allowDataLoss: true })
        .steps.length,
    );
  });
});

describe("core/plan managed scope", () => {
  const scope = parseScope({
    ignore: [
      { kind: "table", name: "lib_*" },
      { kind: "index", name: "lib_*" },
      { kind: "function", name: "lib_*" },
    ],
  });
  const libTable: TableDeclaration = {
    columns: { ...id, v: { type: "text" } },
    indexes: { lib_v: { columns: ["v"] } },
  };
  const mine: TableDeclaration = {
    columns: { ...id, lib_id: { type: "bigint" } },
    constraints: fk("mine_lib_id_fkey", "lib_id", "lib_items"),
  };

  it("accepts a foreign key into an ignored table, and only with the scope", () => {
    assert.throws(() => model({ mine }), SchemaValidationError);
    assert.doesNotThrow(() => fromSpec({ schemas: { public: { tables: { mine } } } }, { scope }));
  });

  it("refuses declaring an object the scope ignores", () => {
    assert.throws(
      () => fromSpec({ schemas: { public: { tables: { lib_items: libTable } } } }, { scope }),
      /table "lib_items": declared, but the scope ignores it/,
    );
  });

  it("never drops or changes ignored objects and orders the FK after nothing it cannot see", () => {
    const live = model({
      lib_items: libTable,
      kept: { columns: { ...id }, indexes: { lib_kept_idx: { columns: ["id"] } } },
    });
    const desired = fromSpec(
      { schemas: { public: { tables: { kept: { columns: { ...id } }, mine } } } },
      { scope },
    );
    const steps = planChanges(live, desired, { scope }).steps;
    assert.deepEqual(
      steps.map((s) => s.description.split(" (")[0]),
      ["create table public.mine", "add foreign key mine_lib_id_fkey on public.mine"],
    );
    assert.deepEqual(planChanges(live, live, { scope }).steps, []);
  });

  it("leaves schemas outside scope.schemas alone and parses CLI ignore rules", () => {
    const two = fromSpec({
      schemas: { public: { tables: {} }, auth: { tables: { users: { columns: { ...id } } } } },
    });
    assert.deepEqual(planChanges(two, model({}), { scope: { schemas: ["public"] } }).steps, []);
    assert.deepEqual(parseIgnoreRule("table:lib_*"), { kind: "table", name: "lib_*" });
    assert.throws(() => parseIgnoreRule("tabel:x"), /unknown kind "tabel"/);
    assert.throws(() => parseScope({ ignore: [{ kind: "view" }] }), /scope\.ignore\[0\]/);
  });
});
