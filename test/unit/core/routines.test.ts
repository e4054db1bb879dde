// Functions, procedures and triggers in the model and the planner (no database).
import { strict as assert } from "assert";
import {
  SchemaSpec,
  SchemaValidationError,
  canonicalSchema,
  fromSpec,
  modelFromJson,
  sameSchema,
  schemaFingerprint,
  toSpec,
} from "../../../core/model";
import { toTypeScript } from "../../../cli/to-typescript";
import type { FunctionDeclaration, TriggerDeclaration } from "../../../core/model/declaration";
import { bodyProblem, comparableBody, dollarQuote, functionKey } from "../../../core/model/function";
import { buildPlan } from "../../../core/plan";

const touch: FunctionDeclaration = {
  returns: "trigger",
  language: "plpgsql",
  body: "begin new.updated_at := now(); return new; end",
};
const add: FunctionDeclaration = {
  arguments: [
    { name: "a", type: "int4" },
    { name: "b", type: "integer", default: "1" },
  ],
  returns: "int",
  language: "sql",
  body: "select a + b",
};
const onUpdate: TriggerDeclaration = {
  timing: "before",
  events: ["update"],
  forEach: "row",
  function: "touch",
};

function spec(
  functions: Record<string, FunctionDeclaration>,
  triggers: Record<string, TriggerDeclaration> = {},
  columns: Record<string, { type: string; default?: string }> = {},
): SchemaSpec {
  return {
    schemas: {
      public: {
        tables: {
          items: {
            columns: { id: { type: "bigint", primaryKey: true }, v: { type: "integer" }, ...columns },
            triggers,
          },
        },
        functions,
      },
    },
  };
}

function issuesOf(s: SchemaSpec): string[] {
  try {
    fromSpec(s);
  } catch (e) {
    assert.ok(e instanceof SchemaValidationError, String(e));
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe("functions and triggers: model", () => {
  it("keeps trigger and built-in names unqualified when an extension lives in the same schema", () => {
    // The example program declares citext in public and an updated_at trigger: a resolver that
    // guessed every unknown name into the extension's schema made `returns: "trigger"` public.trigger.
    const s = spec(
      {
        touch,
        size: {
          arguments: [{ name: "r", type: "regclass" }],
          returns: "bigint",
          language: "sql",
          body: "select 1::bigint",
        },
      },
      { items_touch: onUpdate },
    );
    s.schemas.public.extensions = { citext: {} };
    const model = fromSpec(s);
    assert.equal(model.functions!.find((f) => f.name === "touch")!.returns, "trigger");
    assert.deepEqual(
      model.functions!.find((f) => f.name === "size")!.arguments.map((a) => a.type),
      ["regclass"],
    );
    s.schemas.public.tables!.items.columns.v = { type: "public.citext" };
    assert.equal(fromSpec(s).tables[0].columns.find((c) => c.name === "v")!.type, "public.citext");
  });

  it("keys a function the way pg_get_function_identity_arguments prints it", () => {
    const model = fromSpec(spec({ add }));
    assert.equal(functionKey(model.functions![0]), "function:public.add(a integer, b integer)");
    const p = fromSpec({
      schemas: {
        public: {
          procedures: {
            p: { arguments: [{ name: "select", type: "int" }], language: "sql", body: "select 1" },
          },
        },
      },
    });
    assert.equal(functionKey(p.functions![0]), 'function:public.p(IN "select" integer)');
  });

  it("names the object and the problem in every validation error", () => {
    assert.deepEqual(issuesOf(spec({}, { items_touch: onUpdate })), [
      'table "items", trigger "items_touch": function "public.touch" is not declared',
    ]);
    assert.deepEqual(issuesOf(spec({ touch: { ...touch, returns: "integer" } }, { items_touch: onUpdate })), [
      'table "items", trigger "items_touch": function "public.touch" returns integer, not trigger',
    ]);
    assert.deepEqual(issuesOf(spec({ touch }, { items_touch: { ...onUpdate, updateOf: ["nope"] } })), [
      'table "items", trigger "items_touch": updateOf: unknown column "nope"',
    ]);
    assert.match(
      issuesOf(spec({ f: { ...add, body: "select 1 $$; drop table items; --" } })).join("\n"),
      /function "f": body has an unterminated dollar quote \$\$: a body cannot close the quotes around it/,
    );
    assert.match(
      issuesOf(spec({ f: { ...add, language: "c" } })).join("\n"),
      /function "f": language must be sql or plpgsql/,
    );
    assert.match(
      issuesOf(
        spec({
          f: {
            ...add,
            arguments: [
              { name: "a", type: "int" },
              { name: "a", type: "int" },
            ],
          },
        }),
      ).join("\n"),
      /function "f": duplicate argument name "a"/,
    );
    assert.match(
      issuesOf(spec({ touch }, { items_touch: { ...onUpdate, when: "true); drop table items; --" } })).join(
        "\n",
      ),
      /trigger "items_touch": when "true\); drop table items; --" has an unbalanced/,
    );
    assert.match(
      issuesOf(spec({ touch }, { t: { ...onUpdate, events: ["truncate"] } })).join("\n"),
      /truncate triggers fire for each statement/,
    );
  });

  it("rejects unknown properties of functions and triggers in JSON specs", () => {
    const json = JSON.stringify(
      spec(
        { touch: { ...touch, langauge: "sql" } as FunctionDeclaration },
        { t: { ...onUpdate, evnets: [] } as TriggerDeclaration },
      ),
    );
    assert.throws(
      () => modelFromJson(json),
      /function "touch": unknown property "langauge"[\s\S]*trigger "t": unknown property "evnets"/,
    );
  });

  it("compares bodies with whitespace collapsed outside literals, never inside", () => {
    assert.equal(comparableBody("\n  begin\n\treturn  1;\n  end\n"), "begin return 1; end");
    assert.notEqual(comparableBody("select 'a  b'"), comparableBody("select 'a b'"));
    assert.equal(comparableBody("select 1 -- one\n + 2"), comparableBody("select 1 -- one\n    + 2"));
    assert.equal(
      bodyProblem("select $x$ unterminated"),
      "has an unterminated dollar quote $x$: a body cannot close the quotes around it",
    );
    assert.equal(bodyProblem("select $q$ ok $q$, 'it''s'"), null);
  });

  it("quotes a body with a dollar tag it does not contain", () => {
    assert.equal(dollarQuote("select 1"), "$body$select 1$body$");
    assert.equal(dollarQuote("select '$body$'"), "$body1$select '$body$'$body1$");
  });

  it("leaves the canonical form and fingerprint of schemas without them as they were", () => {
    const without = fromSpec({
      schemas: { public: { tables: { t: { columns: { id: { type: "int" } } } } } },
    });
    assert.equal("functions" in without, false);
    assert.equal("functions" in canonicalSchema(without), false);
    assert.equal("triggers" in canonicalSchema(without), false);
    assert.equal(schemaFingerprint(without), schemaFingerprint({ ...without, functions: [], triggers: [] }));
  });

  it("re-indenting a body changes neither the fingerprint nor the plan", () => {
    const a = fromSpec(spec({ touch }, { items_touch: onUpdate }));
    const b = fromSpec(
      spec(
        { touch: { ...touch, body: `\n  ${touch.body.replace(/; /g, ";\n  ")}\n` } },
        { items_touch: onUpdate },
      ),
    );
    assert.equal(schemaFingerprint(a), schemaFingerprint(b));
    assert.deepEqual(buildPlan(a, b).steps, []);
  });

  it("inspect prints them back (JSON spec and TypeScript)", () => {
    const model = fromSpec(
      spec({ touch, add }, { items_touch: { ...onUpdate, enabled: false, when: "(old.v <> new.v)" } }),
    );
    assert.ok(sameSchema(fromSpec(toSpec(model)), model));
    const ts = toTypeScript(model);
    assert.match(ts, /db\.function\("touch", \{/);
    assert.match(ts, /triggers: \{/);
    assert.match(ts, /enabled: false/);
  });
});

describe("functions and triggers: planner", () => {
  it("creates a function before the default and the trigger that call it", () => {
    const desired = fromSpec(
      spec(
        { touch, stamp: { returns: "integer", language: "sql", body: "select 1" } },
        { items_touch: onUpdate },
        { s: { type: "integer", default: "public.stamp()" } },
      ),
    );
    const steps = buildPlan(fromSpec({ schemas: { public: {} } }), desired).steps;
    const at = (prefix: string) => steps.findIndex((s) => s.description.startsWith(prefix));
    assert.ok(
      at("create function public.stamp()") < at("create table public.items"),
      steps.map((s) => s.description).join("\n"),
    );
    assert.ok(at("create table public.items") < at("create trigger items_touch"));
    assert.ok(at("create function public.touch()") < at("create trigger items_touch"));
    const table = steps[at("create table public.items")];
    assert.ok(table.needs.includes("function:public.stamp()"), JSON.stringify(table.needs));
  });

  it("replaces a body in place, re-creates on a new result type, and drops triggers before their function", () => {
    const live = fromSpec(spec({ touch, add }, { items_touch: onUpdate }));
    const body = buildPlan(
      live,
      fromSpec(spec({ touch, add: { ...add, body: "select a + b + 0" } }, { items_touch: onUpdate })),
    ).steps;
    assert.deepEqual(
      body.map((s) => s.description),
      ["replace function public.add(a integer, b integer)"],
    );
    assert.match(body[0].sql, /^CREATE OR REPLACE FUNCTION public\.add\(a integer, b integer DEFAULT 1\)/);
    const result = buildPlan(
      live,
      fromSpec(spec({ touch, add: { ...add, returns: "bigint" } }, { items_touch: onUpdate })),
    ).steps;
    assert.deepEqual(
      result.map((s) => s.sql.split("\n")[0]),
      [
        "DROP FUNCTION public.add(a integer, b integer)",
        "CREATE FUNCTION public.add(a integer, b integer DEFAULT 1)",
      ],
    );
    assert.equal(result[0].group, result[1].group, "drop and create run in one transaction");
    const dropped = buildPlan(live, fromSpec(spec({ add }))).steps.map((s) => s.sql);
    assert.deepEqual(dropped, ["DROP TRIGGER items_touch ON public.items", "DROP FUNCTION public.touch()"]);
  });

  it("offline, a check around a re-created function is added back validated, in the transaction", () => {
    const positive = (arg: string): FunctionDeclaration => ({
      arguments: [{ name: arg, type: "integer" }],
      returns: "boolean",
      language: "sql",
      body: `select ${arg} > 0`,
    });
    const withCheck = (arg: string): SchemaSpec => {
      const s = spec({ positive: positive(arg) });
      s.schemas.public.tables!.items.constraints = {
        items_v_check: { type: "check", expression: "public.positive(v)" },
      };
      return s;
    };
    const steps = buildPlan(fromSpec(withCheck("x")), fromSpec(withCheck("n")), { offline: true }).steps;
    assert.deepEqual(
      steps.map((s) => s.sql.split("\n")[0]),
      [
        "ALTER TABLE public.items DROP CONSTRAINT items_v_check",
        "DROP FUNCTION public.positive(x integer)",
        "CREATE FUNCTION public.positive(n integer)",
        "ALTER TABLE public.items ADD CONSTRAINT items_v_check CHECK (public.positive(v))",
      ],
    );
    assert.equal(new Set(steps.map((s) => s.group)).size, 1, "one transaction");
    assert.ok(steps[3].hazards.some((h) => h.kind === "mayFailOnExistingData"));
  });

  it("a default calling two re-created functions puts both in one transaction, taken around once", () => {
    const one = (returns: string): FunctionDeclaration => ({ returns, language: "sql", body: "select 1" });
    const live = fromSpec(
      spec(
        { f: one("integer"), g: one("integer") },
        {},
        { w: { type: "bigint", default: "(public.f() + public.g())" } },
      ),
    );
    const desired = fromSpec(
      spec(
        { f: one("bigint"), g: one("bigint") },
        {},
        { w: { type: "bigint", default: "(public.f() + public.g())" } },
      ),
    );
    const steps = buildPlan(live, desired).steps;
    assert.deepEqual(
      steps.map((s) => s.sql.split("\n")[0]),
      [
        "ALTER TABLE public.items ALTER COLUMN w DROP DEFAULT",
        "DROP FUNCTION public.f()",
        "CREATE FUNCTION public.f()",
        "DROP FUNCTION public.g()",
        "CREATE FUNCTION public.g()",
        "ALTER TABLE public.items ALTER COLUMN w SET DEFAULT (public.f() + public.g())",
      ],
    );
    assert.equal(new Set(steps.map((s) => s.group)).size, 1, "one transaction");
  });
});
