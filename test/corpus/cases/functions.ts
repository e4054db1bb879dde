// Functions and procedures: created, replaced in place, re-created when the signature's result or
// names change, dropped; and ordered against the tables that use them or that they read.
import type {
  FunctionDeclaration,
  ProcedureDeclaration,
  TableDeclaration,
} from "../../../core/model/declaration";
import type { SchemaSpec } from "../../../core/model/declaration";
import { CorpusCase, withId } from "../corpus-case";

export function withRoutines(
  tables: Record<string, TableDeclaration>,
  functions: Record<string, FunctionDeclaration> = {},
  procedures: Record<string, ProcedureDeclaration> = {},
  enums: Record<string, string[]> = {},
): SchemaSpec {
  return { schemas: { public: { tables, enums, functions, procedures } } };
}

const add: FunctionDeclaration = {
  arguments: [
    { name: "a", type: "integer" },
    { name: "b", type: "integer", default: "1" },
  ],
  returns: "integer",
  language: "sql",
  body: "select a + b",
  volatility: "immutable",
  strict: true,
  parallel: "safe",
};

const plpgsqlCount: FunctionDeclaration = {
  returns: "bigint",
  language: "plpgsql",
  body: "\ndeclare\n  n bigint;\nbegin\n  select count(*) into n from public.t;\n  return n;\nend\n",
  volatility: "stable",
};

const t = { t: withId({ v: { type: "integer" } }) };

/** `allowed(x integer) boolean`; `arg` renames its argument, which only a re-create can do. */
const allowed = (arg = "x"): FunctionDeclaration => ({
  arguments: [{ name: arg, type: "integer" }],
  returns: "boolean",
  language: "sql",
  body: `select ${arg} >= 0`,
  volatility: "immutable",
});

/** Table t whose `ok` default and `t_w_check` check call public.allowed, plus `extra` of t. */
const callingAllowed = (
  arg: string,
  extra: Omit<TableDeclaration, "columns"> = {},
  okDefault = "public.allowed(0)",
) =>
  withRoutines(
    {
      t: withId(
        { w: { type: "integer" }, ok: { type: "boolean", default: okDefault } },
        { constraints: { t_w_check: { type: "check", expression: "public.allowed(w)" } }, ...extra },
      ),
    },
    { allowed: allowed(arg) },
  );

export const functionCases: CorpusCase[] = [
  { name: "create a sql function", old: withRoutines({}), new: withRoutines({}, { add }) },
  {
    name: "create a plpgsql function reading a table created in the same plan",
    old: withRoutines({}),
    new: withRoutines(t, { t_count: plpgsqlCount }),
  },
  {
    name: "create a sql function reading a table created in the same plan",
    old: withRoutines({}),
    new: withRoutines(t, {
      t_total: {
        returns: "bigint",
        language: "sql",
        body: "select coalesce(sum(v), 0) from public.t",
        volatility: "stable",
      },
    }),
  },
  {
    name: "change a function body",
    old: withRoutines({}, { add }),
    new: withRoutines({}, { add: { ...add, body: "select a + b + 0" } }),
  },
  {
    name: "re-indenting a function body is no change",
    old: withRoutines(t, { t_count: plpgsqlCount }),
    new: withRoutines(t, {
      t_count: { ...plpgsqlCount, body: plpgsqlCount.body.replace(/\n {2}/g, "\n\t\t") },
    }),
  },
  {
    name: "change volatility, security definer and search_path",
    old: withRoutines({}, { add }),
    new: withRoutines(
      {},
      { add: { ...add, volatility: "stable", securityDefiner: true, searchPath: ["public", "pg_temp"] } },
    ),
  },
  {
    name: "change a function's return type re-creates it",
    old: withRoutines({}, { add }),
    new: withRoutines({}, { add: { ...add, returns: "bigint" } }),
  },
  {
    name: "rename a function argument re-creates it",
    old: withRoutines({}, { add }),
    new: withRoutines(
      {},
      {
        add: {
          ...add,
          arguments: [
            { name: "x", type: "integer" },
            { name: "b", type: "integer", default: "1" },
          ],
          body: "select x + b",
        },
      },
    ),
  },
  {
    name: "add an argument creates the new function and drops the old one",
    old: withRoutines({}, { add }),
    new: withRoutines(
      {},
      {
        add: {
          ...add,
          arguments: [...(add.arguments ?? []), { name: "c", type: "integer", default: "0" }],
          body: "select a + b + c",
        },
      },
    ),
  },
  { name: "drop a function", old: withRoutines({}, { add }), new: withRoutines({}) },
  {
    name: "create and change a procedure",
    old: withRoutines(
      t,
      {},
      {
        bump: {
          arguments: [{ name: "by", type: "integer" }],
          language: "sql",
          body: "update public.t set v = v + by",
        },
      },
    ),
    new: withRoutines(
      t,
      {},
      {
        bump: {
          arguments: [{ name: "by", type: "integer", default: "1" }],
          language: "plpgsql",
          body: "begin update public.t set v = v + by; end",
          securityDefiner: true,
        },
      },
    ),
  },
  {
    name: "function used by a column default is created before the table",
    old: withRoutines({}),
    new: withRoutines(
      { t: withId({ code: { type: "text", default: "public.next_code()" } }) },
      { next_code: { returns: "text", language: "sql", body: "select 'c-' || (random() * 1000)::integer" } },
    ),
  },
  {
    name: "function used by a new column default on an existing table",
    old: withRoutines(t),
    new: withRoutines(
      { t: withId({ v: { type: "integer" }, code: { type: "text", default: "public.next_code()" } }) },
      { next_code: { returns: "text", language: "sql", body: "select 'c'" } },
    ),
  },
  {
    name: "function used by a check constraint",
    old: withRoutines(t),
    new: withRoutines(
      {
        t: withId(
          { v: { type: "integer" } },
          { constraints: { t_v_check: { type: "check", expression: "public.is_small(v)" } } },
        ),
      },
      {
        is_small: {
          arguments: [{ name: "x", type: "integer" }],
          returns: "boolean",
          language: "sql",
          body: "select x < 1000",
          volatility: "immutable",
        },
      },
    ),
  },
  {
    name: "drop a default and the function it used",
    old: withRoutines(
      { t: withId({ code: { type: "text", default: "public.next_code()" } }) },
      { next_code: { returns: "text", language: "sql", body: "select 'c'" } },
    ),
    new: withRoutines({ t: withId({ code: { type: "text" } }) }),
  },
  {
    name: "function returning setof a table",
    old: withRoutines({}),
    new: withRoutines(t, {
      big_rows: {
        arguments: [{ name: "min", type: "integer" }],
        returns: "SETOF public.t",
        language: "sql",
        body: "select * from public.t where v >= min",
        volatility: "stable",
      },
    }),
  },
  {
    name: "function with an enum argument and out arguments",
    old: withRoutines({}),
    new: withRoutines(
      {},
      {
        describe_mood: {
          arguments: [
            { name: "m", type: "public.mood" },
            { name: "label", type: "text", mode: "out" },
            { name: "happy", type: "boolean", mode: "out" },
          ],
          language: "sql",
          body: "select m::text, m = 'happy'",
          volatility: "immutable",
        },
      },
      {},
      { mood: ["happy", "sad"] },
    ),
  },
  // A function dropped and created again (CREATE OR REPLACE cannot rename arguments or change the
  // result type) takes what calls it around it, in its transaction.
  {
    name: "re-create a function a default and a check call: both taken off and put back in its transaction",
    old: callingAllowed("x"),
    new: callingAllowed("n"),
  },
  {
    name: "re-create a function with a new result type a default calls",
    old: withRoutines(
      { t: withId({ n: { type: "bigint", default: "public.next_n()" } }) },
      { next_n: { returns: "integer", language: "sql", body: "select 7" } },
    ),
    new: withRoutines(
      { t: withId({ n: { type: "bigint", default: "public.next_n()" } }) },
      { next_n: { returns: "bigint", language: "sql", body: "select 7::bigint" } },
    ),
  },
  {
    name: "change the type of a column whose default calls a re-created function",
    old: withRoutines(
      { t: withId({ n: { type: "integer", default: "public.next_n()" } }) },
      { next_n: { returns: "integer", language: "sql", body: "select 7" } },
    ),
    new: withRoutines(
      { t: withId({ n: { type: "bigint", default: "public.next_n()" } }) },
      { next_n: { returns: "bigint", language: "sql", body: "select 7::bigint" } },
    ),
  },
  {
    name: "re-create a function an expression index calls: built again in its transaction",
    old: callingAllowed("x", {
      indexes: { t_allowed_idx: { columns: [{ expression: "public.allowed(w)" }] } },
    }),
    new: callingAllowed("n", {
      indexes: { t_allowed_idx: { columns: [{ expression: "public.allowed(w)" }] } },
    }),
  },
  {
    name: "re-create a function a policy calls",
    old: callingAllowed("x", {
      rowLevelSecurity: true,
      policies: { nonnegative: { command: "select", using: "public.allowed(w)" } },
    }),
    new: callingAllowed("n", {
      rowLevelSecurity: true,
      policies: { nonnegative: { command: "select", using: "public.allowed(w)" } },
    }),
  },
  {
    name: "change a default while re-creating the function it calls",
    old: callingAllowed("x"),
    new: callingAllowed("n", {}, "public.allowed(1)"),
  },
  {
    name: "drop a column whose default calls a re-created function",
    old: withRoutines(
      { t: withId({ w: { type: "integer" }, ok: { type: "boolean", default: "public.allowed(0)" } }) },
      { allowed: allowed("x") },
    ),
    new: withRoutines({ t: withId({ w: { type: "integer" } }) }, { allowed: allowed("n") }),
    destructive: true,
  },
  {
    name: "re-create a function a generated column calls: refused",
    old: withRoutines(
      { t: withId({ w: { type: "integer" }, ok: { type: "boolean", generated: "public.allowed(w)" } }) },
      { allowed: allowed("x") },
    ),
    new: withRoutines(
      { t: withId({ w: { type: "integer" }, ok: { type: "boolean", generated: "public.allowed(w)" } }) },
      { allowed: allowed("n") },
    ),
    unsupported: true,
  },
  {
    name: "re-create a function a domain check calls",
    old: withDomain("x"),
    new: withDomain("n"),
  },
  {
    name: "re-create a function a view calls: the view is re-created in its transaction",
    old: withCallingView("x"),
    new: withCallingView("n"),
  },
  {
    name: "comment on a function",
    old: withRoutines({}, { add }),
    new: withRoutines({}, { add: { ...add, comment: "adds b to a" } }),
  },
];

function withDomain(arg: string): SchemaSpec {
  const s = withRoutines({ t: withId({ q: { type: "public.nonnegative" } }) }, { allowed: allowed(arg) });
  s.schemas.public.domains = {
    nonnegative: {
      type: "integer",
      default: "0",
      checks: { nonnegative_check: "public.allowed(VALUE)" },
    },
  };
  return s;
}

function withCallingView(arg: string): SchemaSpec {
  const s = withRoutines({ t: withId({ w: { type: "integer" } }) }, { allowed: allowed(arg) });
  s.schemas.public.views = {
    allowed_rows: { query: "SELECT t.id,\n    public.allowed(t.w) AS ok\n   FROM public.t" },
  };
  return s;
}
