// The schema-pair fuzzer's generator for the object kinds beyond tables: sequences (standalone; serial
// columns are made with the columns), extensions, non-public schemas, domains, composite types,
// partitioned tables, views and materialized views, functions and procedures, triggers, row-level
// security and policies, grants, owners, default privileges and roles. Each kind has a maker (for
// the first declaration and for "add") and edits (drop, change; renames exist only for tables,
// columns and enums). The pair itself is put together at the end of this file.
//
// Access-control properties are "left as they are when not declared", so once declared they stay
// declared (possibly empty): removing one would leave the live value while the oracle, built from
// the declaration, has none.
import type {
  FunctionDeclaration,
  NamespaceDeclaration,
  ProcedureDeclaration,
  SchemaSpec,
  TableDeclaration,
  TriggerDeclaration,
} from "../../core/model/declaration";
import type { PolicyDeclaration } from "../../core/model/policy";
import type { ViewDeclaration } from "../../core/model/view";
import {
  EditContext,
  Pair,
  Rng,
  TableChangeHook,
  fresh,
  generateTables,
  hasForeignKeys,
  newColumn,
  replaceWord,
  resetNames,
  rng,
  tableEdit,
  tablesIn,
} from "./generate";

type Kind = (c: EditContext, schema: string) => string;

const label = (schema: string, n: string) => (schema === "public" ? n : `${schema}.${n}`);
const ns = (s: SchemaSpec, schema: string): NamespaceDeclaration => s.schemas[schema];
/** Declared in the old declaration too (so the live database has it and a drop/change is one). */
const wasDeclared = (c: EditContext, schema: string, kind: keyof NamespaceDeclaration, name: string) =>
  Boolean((c.old.schemas[schema]?.[kind] as Record<string, unknown> | undefined)?.[name]);
const plainTables = (s: SchemaSpec, schema: string) =>
  Object.entries(tablesIn(s, schema)).filter(([, t]) => !t.partitionBy);

type Named = "sequences" | "domains" | "compositeTypes" | "views" | "functions" | "procedures";
type Of<K extends Named> = NonNullable<NamespaceDeclaration[K]>[string];

/**
 * What the edits of every named kind share: add one (`what` 0, or when none is live), drop a live
 * one (`what` 1, unless `inUse`), otherwise change a copy of a live one (`what` 2 and up, of
 * `choices`); `change` stores the copy. "" when the edit does not apply.
 */
function namedEdit<K extends Named>(
  c: EditContext,
  schema: string,
  kind: K,
  o: {
    noun: string;
    prefix: string;
    choices: number;
    make: () => Of<K> | undefined;
    inUse?: (name: string) => boolean;
    change: (name: string, copy: Of<K>, what: number, all: Record<string, Of<K>>) => string;
  },
): string {
  const all = (ns(c.s, schema)[kind] ??= {}) as Record<string, Of<K>>;
  const live = Object.keys(all).filter((n) => wasDeclared(c, schema, kind, n));
  const what = c.r.int(0, o.choices - 1);
  if (what === 0 || !live.length) {
    const made = o.make();
    if (!made) return "";
    const n = fresh(o.prefix, c.r);
    all[n] = made;
    return `add ${o.noun} ${label(schema, n)}`;
  }
  const n = c.r.pick(live);
  if (what === 1) {
    if (o.inUse?.(n)) return "";
    delete all[n];
    return `drop ${o.noun} ${label(schema, n)}`;
  }
  return o.change(n, structuredClone(all[n]), what, all);
}

// ---- sequences --------------------------------------------------------------------------------

function newSequence(r: Rng): NonNullable<NamespaceDeclaration["sequences"]>[string] {
  return {
    ...(r.chance(0.5) ? { type: r.pick(["smallint", "integer", "bigint"] as const) } : {}),
    ...(r.chance(0.4) ? { increment: r.pick([2, 5, -1]) } : {}),
    ...(r.chance(0.3) ? { cache: r.pick([10, 20]) } : {}),
    ...(r.chance(0.3) ? { cycle: true } : {}),
    ...(r.chance(0.2) ? { comment: "a sequence" } : {}),
  };
}

const sequences: Kind = (c, schema) =>
  namedEdit(c, schema, "sequences", {
    noun: "sequence",
    prefix: "sq",
    choices: 3,
    make: () => newSequence(c.r),
    change: (n, seq, _what, all) => {
      const { r } = c;
      const change = r.pick(["increment", "cache", "cycle", "comment", "type", "maxValue"] as const);
      if (change === "increment") {
        // A descending sequence turns ascending (fuzz seeds 2816 and 20037 found that failing).
        seq.increment = Number(seq.increment ?? 1) < 0 ? 1 : seq.increment === 3 ? 1 : 3;
      }
      if (change === "cache") seq.cache = seq.cache === 30 ? 1 : 30;
      if (change === "cycle") seq.cycle = !seq.cycle;
      if (change === "comment") seq.comment = seq.comment ? `${seq.comment}!` : "changed";
      if (change === "type")
        seq.type = seq.type === "bigint" || seq.type === undefined ? "integer" : "bigint";
      if (change === "maxValue") {
        if (Number(seq.increment ?? 1) < 0) return "";
        seq.maxValue = seq.maxValue === 30000 ? 32000 : 30000;
      }
      all[n] = seq;
      return `change ${change} of sequence ${label(schema, n)}`;
    },
  });

// ---- extensions -------------------------------------------------------------------------------

/** The extension a schema may hold: citext in public (its type is used by columns), hstore elsewhere. */
const extensionOf = (schema: string) => (schema === "public" ? "citext" : "hstore");

const usesType = (s: SchemaSpec, type: string) =>
  Object.values(s.schemas).some(
    (n) =>
      Object.values(n.tables ?? {}).some((t) => Object.values(t.columns).some((col) => col.type === type)) ||
      Object.values(n.domains ?? {}).some((d) => d.type === type) ||
      Object.values(n.compositeTypes ?? {}).some((t) =>
        Object.values(t.attributes).some((a) => (typeof a === "string" ? a : a.type) === type),
      ),
  );

const extensions: Kind = (c, schema) => {
  const name = extensionOf(schema);
  // One extension is installed once per database: hstore only in the first non-public schema.
  if (name === "hstore" && Object.entries(c.s.schemas).some(([n, x]) => n !== schema && x.extensions?.hstore))
    return "";
  const all = (ns(c.s, schema).extensions ??= {});
  if (!all[name]) {
    all[name] = {};
    return `add extension ${name} in ${schema}`;
  }
  if (usesType(c.s, name)) return "";
  delete all[name];
  return `drop extension ${name}`;
};

// ---- domains and composite types --------------------------------------------------------------

function newDomain(r: Rng): NonNullable<NamespaceDeclaration["domains"]>[string] {
  return r.chance(0.5)
    ? {
        type: "integer",
        checks: { [fresh("pos", r)]: "VALUE > 0" },
        ...(r.chance(0.3) ? { default: "1" } : {}),
      }
    : {
        type: "text",
        checks: { [fresh("short", r)]: "length(VALUE) < 100" },
        ...(r.chance(0.3) ? { comment: "a domain" } : {}),
      };
}

const domains: Kind = (c, schema) =>
  namedEdit(c, schema, "domains", {
    noun: "domain",
    prefix: "d",
    choices: 4,
    make: () => newDomain(c.r),
    inUse: (n) => usesType(c.s, n) || usesType(c.s, `${schema}.${n}`),
    change: (n, d, what, all) => {
      const { r } = c;
      all[n] = d;
      if (what === 2) {
        // Checks every loaded value meets (values are small positive numbers and short texts).
        const checks = (d.checks ??= {});
        const names = Object.keys(checks);
        if (names.length > 1 && r.chance(0.5)) {
          delete checks[r.pick(names)];
          return `drop a check of domain ${label(schema, n)}`;
        }
        checks[fresh("ck", r)] = d.type === "integer" ? "VALUE < 1000000" : "VALUE <> ''";
        return `add a check to domain ${label(schema, n)}`;
      }
      if (r.chance(0.5)) d.comment = d.comment ? undefined : "changed";
      else d.default = d.default ? undefined : d.type === "integer" ? "2" : "'x'";
      for (const k of ["comment", "default"] as const) if (d[k] === undefined) delete d[k];
      return `change default or comment of domain ${label(schema, n)}`;
    },
  });

const compositeTypes: Kind = (c, schema) =>
  namedEdit(c, schema, "compositeTypes", {
    noun: "composite type",
    prefix: "ct",
    choices: 4,
    make: () => newCompositeType(c.r),
    change: (n, t, what, all) => {
      const { r } = c;
      all[n] = t;
      const attrs = Object.keys(t.attributes);
      if (what === 2 && attrs.length > 1) {
        delete t.attributes[r.pick(attrs)];
        return `drop an attribute of composite type ${label(schema, n)}`;
      }
      if (r.chance(0.5)) {
        t.attributes[fresh("a", r)] = r.pick(["integer", "text", "numeric(10,2)", "date"]);
        return `add an attribute to composite type ${label(schema, n)}`;
      }
      if (t.comment) delete t.comment;
      else t.comment = "changed";
      return `change comment of composite type ${label(schema, n)}`;
    },
  });

function newCompositeType(r: Rng): NonNullable<NamespaceDeclaration["compositeTypes"]>[string] {
  const attributes: Record<string, string> = {};
  for (let i = r.int(1, 3); i > 0; i--)
    attributes[fresh("a", r)] = r.pick(["integer", "text", "boolean", "date"]);
  return { attributes, ...(r.chance(0.2) ? { comment: "a type" } : {}) };
}

// ---- partitioned tables -----------------------------------------------------------------------

/** A partitioned table over (id, key); the partitions hold every loaded row (keys 1..3). */
function newPartitioned(r: Rng, c: { s: SchemaSpec }, schema: string, name: string): TableDeclaration {
  const key = fresh("k", r);
  const columns: TableDeclaration["columns"] = {
    id: { type: "bigint", nullable: false },
    [key]: { type: "integer", nullable: false },
  };
  for (let i = r.int(0, 2); i > 0; i--) {
    const col = newColumn(r, c.s, schema, false);
    if (/serial$/.test(col.type)) continue;
    columns[fresh("c", r)] = col;
  }
  const by = r.pick(["RANGE", "LIST", "HASH"] as const);
  const p = (suffix: string) => `${name}_${suffix}`;
  const partitions: NonNullable<TableDeclaration["partitions"]> =
    by === "RANGE"
      ? { [p("lo")]: { values: "FROM (MINVALUE) TO (2)" }, [p("mid")]: "FROM (2) TO (10)" }
      : by === "LIST"
        ? { [p("one")]: "IN (1)", [p("more")]: { values: "IN (2, 3)", comment: "two and three" } }
        : { [p("h0")]: "WITH (MODULUS 2, REMAINDER 0)", [p("h1")]: "WITH (MODULUS 2, REMAINDER 1)" };
  if (by !== "HASH" && r.chance(0.4)) partitions[p("other")] = "DEFAULT";
  const table: TableDeclaration = {
    columns,
    constraints: { [`${name}_pkey`]: { type: "primaryKey", columns: ["id", key] } },
    indexes: {},
    partitionBy: `${by} (${by === "HASH" ? "id" : key})`,
    partitions,
  };
  if (r.chance(0.3)) table.indexes![fresh("pix", r)] = { columns: [key] };
  if (r.chance(0.2)) table.comment = "partitioned";
  return table;
}

const partitioned: Kind = (c, schema) => {
  const { r, s } = c;
  const tables = tablesIn(s, schema);
  const oldTables = c.old.schemas[schema]?.tables ?? {};
  const live = Object.keys(tables).filter((n) => tables[n].partitionBy && oldTables[n]);
  const what = r.int(0, 5);
  if (what === 0 || !live.length) {
    const n = fresh("pt", r);
    tables[n] = newPartitioned(r, c, schema, n);
    return `add partitioned table ${label(schema, n)} ${tables[n].partitionBy}`;
  }
  const n = r.pick(live);
  const t = tables[n];
  const parts = (t.partitions ??= {});
  const names = Object.keys(parts);
  const byHash = t.partitionBy!.startsWith("HASH");
  if (what === 1) {
    delete tables[n];
    c.dropped.push(`${schema}.${n}`);
    return `drop partitioned table ${label(schema, n)}`;
  }
  if (what === 2 && !byHash) {
    const p = fresh(`${n}_p`, r);
    const at = 1000 * (names.length + 1) + r.int(0, 9) * 10;
    parts[p] = t.partitionBy!.startsWith("RANGE") ? `FROM (${at}) TO (${at + 10})` : `IN (${at})`;
    return `add partition ${p} to ${label(schema, n)}`;
  }
  if (what === 3 && !byHash && names.length > 1) {
    const p = r.pick(names);
    delete parts[p];
    c.dropped.push(`${schema}.${n}#rows`);
    return `drop partition ${p} of ${label(schema, n)}`;
  }
  if (what === 4) {
    const col = fresh("c", r);
    const column = newColumn(r, s, schema, true);
    if (/serial$/.test(column.type)) return "";
    t.columns[col] = column;
    return `add column ${label(schema, n)}.${col} ${column.type}`;
  }
  const p = r.pick(names);
  const decl = parts[p];
  const values = typeof decl === "string" ? decl : decl.values;
  const comment = typeof decl === "string" ? undefined : decl.comment;
  parts[p] = comment ? values : { values, comment: "partition" };
  return `change comment of partition ${p}`;
};

// ---- views and materialized views -------------------------------------------------------------

/** Queries the generator writes: `SELECT id, cols FROM schema.table WHERE id > N`. */
const viewShape = /^SELECT (.*) FROM (\w+)\.(\w+) WHERE id > (\d+)$/;

function newView(r: Rng, s: SchemaSpec, schema: string): ViewDeclaration | undefined {
  const tables = plainTables(s, schema);
  if (!tables.length) return undefined;
  const [table, t] = r.pick(tables);
  const cols = Object.keys(t.columns).filter((x) => x !== "id" && r.chance(0.5));
  const view: ViewDeclaration = {
    query: `SELECT ${["id", ...cols].join(", ")} FROM ${schema}.${table} WHERE id > ${r.int(0, 5)}`,
  };
  if (r.chance(0.3)) {
    view.materialized = true;
    if (r.chance(0.6))
      view.indexes = {
        [fresh("mvix", r)]: {
          columns: ["id"],
          unique: r.chance(0.5),
          ...(r.chance(0.3) ? { with: { fillfactor: 80 } } : {}),
        },
      };
  } else if (r.chance(0.2)) view.securityBarrier = true;
  if (r.chance(0.2)) view.comment = "a view";
  return view;
}

const views: Kind = (c, schema) =>
  namedEdit(c, schema, "views", {
    noun: "view",
    prefix: "v",
    choices: 5,
    make: () => newView(c.r, c.s, schema),
    change: (n, v, what, all) => {
      const { r } = c;
      all[n] = v;
      const m = viewShape.exec(v.query)!;
      if (what === 2) {
        v.query = `SELECT ${m[1]} FROM ${m[2]}.${m[3]} WHERE id > ${Number(m[4]) + 1}`;
        return `change the query of view ${label(schema, n)}`;
      }
      if (what === 3) {
        const t = tablesIn(c.s, schema)[m[3]];
        const listed = m[1].split(", ");
        const more = Object.keys(t.columns).filter((x) => !listed.includes(x));
        if (more.length && r.chance(0.6)) listed.push(r.pick(more));
        else if (listed.length > 1) listed.splice(r.int(1, listed.length - 1), 1);
        else return "";
        v.query = `SELECT ${listed.join(", ")} FROM ${m[2]}.${m[3]} WHERE id > ${m[4]}`;
        return `change the columns of view ${label(schema, n)}`;
      }
      if (v.materialized) {
        const indexes = (v.indexes ??= {});
        const ix = Object.keys(indexes);
        if (ix.length && r.chance(0.5)) {
          const i = r.pick(ix);
          if (r.chance(0.5)) delete indexes[i];
          else
            indexes[i] = {
              ...indexes[i],
              with: { fillfactor: indexes[i].with?.fillfactor === 60 ? 70 : 60 },
            };
        } else
          indexes[fresh("mvix", r)] = { columns: ["id"], ...(r.chance(0.3) ? { comment: "mv index" } : {}) };
        return `change the indexes of materialized view ${label(schema, n)}`;
      }
      if (r.chance(0.5)) v.securityBarrier = !v.securityBarrier;
      else v.comment = v.comment ? `${v.comment}!` : "changed";
      return `change an option or comment of view ${label(schema, n)}`;
    },
  });

/** Views follow the tables and columns they read (their queries name them). */
function viewsFollow(s: SchemaSpec): TableChangeHook {
  return (schema, change) => {
    const all = s.schemas[schema].views ?? {};
    for (const [n, v] of Object.entries(all)) {
      const m = viewShape.exec(v.query)!;
      if (change.kind === "drop table" && m[3] === change.table) delete all[n];
      if (change.kind === "rename table" && m[3] === change.from)
        all[n] = { ...v, query: `SELECT ${m[1]} FROM ${m[2]}.${change.to} WHERE id > ${m[4]}` };
      if (change.kind === "rename column" && m[3] === change.table)
        all[n] = { ...v, query: replaceWord(v.query, change.from, change.to) };
      if (change.kind === "drop column" && m[3] === change.table) {
        const listed = m[1].split(", ").filter((x) => x !== change.column);
        all[n] = { ...v, query: `SELECT ${listed.join(", ")} FROM ${m[2]}.${m[3]} WHERE id > ${m[4]}` };
      }
    }
  };
}

// ---- functions, procedures, triggers ----------------------------------------------------------

const triggerFunction = (r: Rng): FunctionDeclaration => ({
  returns: "trigger",
  language: "plpgsql",
  body: r.pick([
    "begin return new; end",
    "begin if tg_op = 'DELETE' then return old; end if; return new; end",
  ]),
});

function newFunction(r: Rng): FunctionDeclaration {
  return {
    arguments: [{ name: "a", type: "integer" }],
    returns: "integer",
    language: r.pick(["sql", "plpgsql"]),
    body: "",
    volatility: r.pick(["immutable", "stable", "volatile"] as const),
    ...(r.chance(0.3) ? { strict: true } : {}),
    ...(r.chance(0.2) ? { comment: "a function" } : {}),
  };
}

/** The body of a generated function adding `k` to its argument, in its language. */
function functionBody(f: FunctionDeclaration, k: number): string {
  const expr = f.returns === "bigint" ? `(a + ${k})::bigint` : `a + ${k}`;
  return f.language === "sql" ? `select ${expr}` : `begin return ${expr}; end`;
}

const usedByTriggers = (s: SchemaSpec, schema: string, fn: string) =>
  Object.values(tablesIn(s, schema)).some((t) =>
    Object.values(t.triggers ?? {}).some((x) => x.function === fn),
  );

const functions: Kind = (c, schema) =>
  namedEdit(c, schema, "functions", {
    noun: "function",
    prefix: "f",
    choices: 5,
    make: () => {
      if (c.r.chance(0.3)) return triggerFunction(c.r);
      const f = newFunction(c.r);
      f.body = functionBody(f, c.r.int(1, 9));
      return f;
    },
    inUse: (n) => usedByTriggers(c.s, schema, n),
    change: (n, f, what, all) => {
      const { r } = c;
      all[n] = f;
      if (f.returns === "trigger") {
        const before = f.body;
        f.body = before.includes("DELETE") ? "begin return new; end" : triggerFunction(r).body;
        if (f.body === before) f.comment = "changed";
        return `change the body of trigger function ${label(schema, n)}`;
      }
      const k = Number(/\d+/.exec(f.body)![0]);
      if (what === 2) f.body = functionBody(f, k + 1);
      else if (what === 3) {
        // A different result type is a different function: drop and create.
        f.returns = f.returns === "bigint" ? "integer" : "bigint";
        f.body = functionBody(f, k);
      } else {
        const change = r.pick(["volatility", "strict", "comment", "argument"] as const);
        if (change === "volatility") f.volatility = f.volatility === "immutable" ? "stable" : "immutable";
        if (change === "strict") f.strict = !f.strict;
        if (change === "comment") f.comment = f.comment ? `${f.comment}!` : "changed";
        if (change === "argument") {
          // Another signature: the old one is dropped, the new one created.
          const args = f.arguments ?? [];
          f.arguments =
            args.length > 1 ? args.slice(0, 1) : [...args, { name: "b", type: "integer", default: "0" }];
        }
      }
      return `change function ${label(schema, n)}`;
    },
  });

const procedures: Kind = (c, schema) =>
  namedEdit(c, schema, "procedures", {
    noun: "procedure",
    prefix: "pr",
    choices: 3,
    make: () => newProcedure(c.r),
    change: (n, p, _what, all) => {
      all[n] = p;
      if (c.r.chance(0.5))
        p.body = p.body.includes("+ 1") ? p.body.replace("+ 1", "+ 2") : p.body.replace(/\+ \d/, "+ 1");
      else p.comment = p.comment ? `${p.comment}!` : "changed";
      return `change procedure ${label(schema, n)}`;
    },
  });

function newProcedure(r: Rng): ProcedureDeclaration {
  return r.chance(0.5)
    ? { arguments: [{ name: "n", type: "integer" }], language: "plpgsql", body: "begin perform n + 1; end" }
    : { arguments: [{ name: "n", type: "integer" }], language: "sql", body: "select n + 3" };
}

function newTrigger(r: Rng, fn: string, t: TableDeclaration): TriggerDeclaration {
  const forEach = r.pick(["row", "statement"] as const);
  const events = r.pick([
    ["insert"],
    ["update"],
    ["insert", "update"],
    ["delete"],
    ["insert", "delete"],
  ] as const);
  const trigger: TriggerDeclaration = {
    timing: r.pick(["before", "after"] as const),
    events: [...events],
    forEach,
    function: fn,
  };
  const cols = Object.keys(t.columns).filter((x) => x !== "id");
  if (events.includes("update" as never) && cols.length && r.chance(0.3)) trigger.updateOf = [r.pick(cols)];
  if (forEach === "row" && !events.includes("delete" as never) && r.chance(0.3))
    trigger.when = "(new.id > 0)";
  if (r.chance(0.15)) trigger.enabled = r.pick([false, "replica", "always"] as const);
  if (r.chance(0.15)) trigger.comment = "a trigger";
  return trigger;
}

const triggers: Kind = (c, schema) => {
  const { r, s } = c;
  const fns = Object.entries(ns(s, schema).functions ?? {})
    .filter(([, f]) => f.returns === "trigger")
    .map(([n]) => n);
  const tables = plainTables(s, schema);
  if (!tables.length) return "";
  const [tn, t] = r.pick(tables);
  const all = (t.triggers ??= {});
  const live = Object.keys(all).filter(
    (n) => c.old.schemas[schema]?.tables?.[tn]?.triggers?.[n] && !t.renamedFrom,
  );
  const what = r.int(0, 3);
  if (what === 0 || !live.length) {
    let fn = fns.length ? r.pick(fns) : undefined;
    if (!fn) {
      fn = fresh("tf", r);
      (ns(s, schema).functions ??= {})[fn] = triggerFunction(r);
    }
    const n = fresh("tg", r);
    all[n] = newTrigger(r, fn, t);
    return `add trigger ${n} on ${label(schema, tn)}`;
  }
  const n = r.pick(live);
  if (what === 1) {
    delete all[n];
    return `drop trigger ${n} on ${label(schema, tn)}`;
  }
  const g = structuredClone(all[n]);
  const change = r.pick(["events", "timing", "enabled", "comment"] as const);
  if (change === "events") {
    g.events = g.events.includes("insert") ? ["update"] : ["insert"];
    delete g.updateOf;
    if (g.when && g.events.includes("delete")) delete g.when;
  }
  if (change === "timing") g.timing = g.timing === "before" ? "after" : "before";
  if (change === "enabled") g.enabled = g.enabled === undefined || g.enabled === true ? false : true;
  if (change === "comment") g.comment = g.comment ? `${g.comment}!` : "changed";
  all[n] = g;
  return `change ${change} of trigger ${n} on ${label(schema, tn)}`;
};

// ---- row-level security, policies, grants, owners, default privileges, roles ------------------

function newPolicy(r: Rng, roles: string[]): PolicyDeclaration {
  const command = r.pick(["all", "select", "insert", "update", "delete"] as const);
  const policy: PolicyDeclaration = { command };
  if (r.chance(0.3)) policy.as = "restrictive";
  if (roles.length && r.chance(0.6)) policy.to = [r.pick(roles)];
  if (command !== "insert") policy.using = `(id > ${r.int(0, 3)})`;
  if (command === "insert" || (command !== "select" && command !== "delete" && r.chance(0.5)))
    policy.withCheck = "(id > 0)";
  return policy;
}

const rowSecurity: Kind = (c, schema) => {
  const { r, s, roles } = c;
  const tables = plainTables(s, schema);
  if (!tables.length) return "";
  const [tn, t] = r.pick(tables);
  const policies = Object.keys(t.policies ?? {});
  const what = r.int(0, 3);
  if (what === 0 || t.rowLevelSecurity === undefined || t.rowLevelSecurity === false) {
    if (t.rowLevelSecurity && r.chance(0.5)) {
      t.rowLevelSecurity = false;
      if (t.policies) t.policies = {};
      return `disable row-level security on ${label(schema, tn)}`;
    }
    t.rowLevelSecurity = t.rowLevelSecurity === true ? "force" : true;
    return `row-level security ${String(t.rowLevelSecurity)} on ${label(schema, tn)}`;
  }
  const all = (t.policies ??= {});
  if (what === 1 || !policies.length) {
    const n = fresh("pol", r);
    all[n] = newPolicy(r, roles);
    return `add policy ${n} on ${label(schema, tn)}`;
  }
  const n = r.pick(policies);
  if (what === 2) {
    delete all[n];
    return `drop policy ${n} on ${label(schema, tn)}`;
  }
  const p = { ...all[n] };
  if (p.using && r.chance(0.5)) p.using = p.using === "(id > 9)" ? "(id > 8)" : "(id > 9)";
  else if (roles.length) p.to = p.to?.length ? [] : [r.pick(roles)];
  else return "";
  if (p.to?.length === 0) delete p.to;
  all[n] = p;
  return `change policy ${n} on ${label(schema, tn)}`;
};

const privilegeLists = [["select"], ["select", "insert"], ["select", "update", "delete"], ["all"], []];

const access: Kind = (c, schema) => {
  const { r, s, roles } = c;
  if (!roles.length) return "";
  const n = ns(s, schema);
  const role = r.pick(roles);
  const what = r.int(0, 5);
  // Grants to an object's owner are left out: see the note on grants in this file's header.
  if (what <= 1) {
    const tables = plainTables(s, schema);
    if (!tables.length) return "";
    const [tn, t] = r.pick(tables);
    if (t.owner === role) return "";
    if (what === 0) {
      const grants = { ...(t.grants ?? {}) };
      const list = r.pick(privilegeLists);
      grants[role] = r.chance(0.15) && list.length ? { privileges: list, grantOption: true } : list;
      t.grants = grants;
      return `grant ${JSON.stringify(grants[role])} on ${label(schema, tn)} to ${role}`;
    }
    if (role in (t.grants ?? {}) || hasForeignKeys(tablesIn(s, schema), tn, t)) return "";
    t.owner = role;
    return `owner of ${label(schema, tn)} to ${role}`;
  }
  if (what === 2) {
    if (n.owner === role) return "";
    n.grants = { ...(n.grants ?? {}), [role]: r.pick([["usage"], ["usage", "create"], []]) };
    return `grant ${JSON.stringify(n.grants[role])} on schema ${schema} to ${role}`;
  }
  if (what === 3 && schema !== "public") {
    if (role in (n.grants ?? {})) return "";
    n.owner = role;
    return `owner of schema ${schema} to ${role}`;
  }
  if (what === 4) {
    const enums = Object.keys(n.enums ?? {});
    if (!enums.length) return "";
    const e = r.pick(enums);
    const decl = n.enums![e];
    const values = Array.isArray(decl) ? decl : decl.values;
    const base = Array.isArray(decl) ? { values } : decl;
    n.enums![e] = { ...base, grants: { ...(base.grants ?? {}), [role]: r.pick([["usage"], []]) } };
    return `grant usage on enum ${label(schema, e)} to ${role}`;
  }
  const other = r.pick(roles);
  const dp = (n.defaultPrivileges ??= {});
  const objects = r.pick(["tables", "sequences", "functions", "types"] as const);
  const privileges = { tables: ["select"], sequences: ["usage"], functions: ["execute"], types: ["usage"] }[
    objects
  ];
  dp[role] = { ...(dp[role] ?? {}), [objects]: r.chance(0.3) ? {} : { [other]: privileges } };
  return `default privileges of ${role} in ${schema} on ${objects}`;
};

function addRole(c: { r: Rng; s: SchemaSpec; roles: string[] }, prefix: string): string {
  const name = `${prefix}r${c.roles.length}`;
  const declared = (c.s.roles ??= {});
  declared[name] = {
    ...(c.r.chance(0.3) ? { login: true } : {}),
    // Members only of earlier roles: no membership cycle.
    ...(c.roles.length && c.r.chance(0.4) ? { memberOf: [c.r.pick(c.roles)] } : {}),
  };
  c.roles.push(name);
  return name;
}

function roleEdit(c: EditContext, prefix: string): string {
  const { r, s, roles } = c;
  if (!roles.length || r.chance(0.3)) return `add role ${addRole(c, prefix)}`;
  const i = r.int(0, roles.length - 1);
  const role = { ...s.roles![roles[i]] };
  if (r.chance(0.5) || i === 0) role.login = !role.login;
  else role.memberOf = role.memberOf?.length ? [] : [roles[r.int(0, i - 1)]];
  s.roles![roles[i]] = role;
  return `change role ${roles[i]}`;
}

// ---- schemas and the pair ---------------------------------------------------------------------

/** A namespace's objects of every kind, as a first declaration or an added schema holds them. */
function fillNamespace(r: Rng, s: SchemaSpec, schema: string, roles: string[]): void {
  const n = ns(s, schema);
  if (r.chance(0.2)) n.extensions = { [extensionOf(schema)]: {} };
  if (
    n.extensions?.hstore &&
    Object.entries(s.schemas).some(([x, o]) => x !== schema && o.extensions?.hstore)
  )
    delete n.extensions;
  for (let i = r.int(0, 1); i > 0; i--) (n.domains ??= {})[fresh("d", r)] = newDomain(r);
  for (let i = r.int(0, 1); i > 0; i--) (n.sequences ??= {})[fresh("sq", r)] = newSequence(r);
  if (r.chance(0.2)) (n.compositeTypes ??= {})[fresh("ct", r)] = newCompositeType(r);
  for (let i = r.int(0, 1); i > 0; i--) {
    const f = newFunction(r);
    f.body = functionBody(f, r.int(1, 9));
    (n.functions ??= {})[fresh("f", r)] = f;
  }
  if (r.chance(0.15)) (n.procedures ??= {})[fresh("pr", r)] = newProcedure(r);
  generateTables(r, s, schema, roles, schema === "public" ? 4 : 2);
  if (r.chance(0.2)) {
    const name = fresh("pt", r);
    tablesIn(s, schema)[name] = newPartitioned(r, { s }, schema, name);
  }
  for (let i = r.int(0, 1); i > 0; i--) {
    const view = newView(r, s, schema);
    if (view) (n.views ??= {})[fresh("v", r)] = view;
  }
  for (const [, t] of plainTables(s, schema)) {
    if (r.chance(0.15)) {
      const fn = fresh("tf", r);
      (n.functions ??= {})[fn] = triggerFunction(r);
      t.triggers = { [fresh("tg", r)]: newTrigger(r, fn, t) };
    }
    if (r.chance(0.15)) {
      t.rowLevelSecurity = r.pick([true, "force"] as const);
      if (r.chance(0.7)) t.policies = { [fresh("pol", r)]: newPolicy(r, roles) };
    }
  }
  if (roles.length && r.chance(0.2)) n.grants = { [r.pick(roles)]: ["usage"] };
  const notGranted = roles.filter((x) => !(x in (n.grants ?? {})));
  if (notGranted.length && schema !== "public" && r.chance(0.2)) n.owner = r.pick(notGranted);
}

const kinds: Record<string, Kind> = {
  sequences,
  extensions,
  domains,
  compositeTypes,
  partitioned,
  views,
  functions,
  procedures,
  triggers,
  rowSecurity,
  access,
};

/**
 * The pair of seed `seed`: a random declaration and one to three random edits of it. Roles are
 * cluster-wide: their names carry the seed and `rolePrefix` (one per run), so parallel runs on one
 * server do not share them.
 */
export function generatePair(seed: number, rolePrefix = "fz"): Pair {
  resetNames();
  const r = rng(seed);
  const prefix = `${rolePrefix}${seed}`;
  const old: SchemaSpec = { version: "1", schemas: { public: {} } };
  const roles: string[] = [];
  for (let i = r.int(0, 2); i > 0; i--) addRole({ r, s: old, roles }, prefix);
  fillNamespace(r, old, "public", roles);
  if (r.chance(0.3)) {
    const schema = fresh("s", r);
    old.schemas[schema] = {};
    fillNamespace(r, old, schema, roles);
  }
  const next = structuredClone(old);
  const edits: string[] = [];
  const dropped: string[] = [];
  const retyped: string[] = [];
  const c: EditContext = {
    r,
    s: next,
    old,
    dropped,
    retyped,
    roles: [...roles],
    onTableChange: viewsFollow(next),
  };
  const wanted = r.int(1, 3);
  for (let tries = 0; edits.length < wanted && tries < 30; tries++) {
    const schema = r.pick(Object.keys(next.schemas));
    const which = r.int(0, 9);
    let edit: string;
    if (which < 4) edit = tableEdit(c, schema);
    else if (which === 4) {
      const kind = r.pick(["role", "add schema", "drop schema"]);
      if (kind === "role") edit = roleEdit(c, prefix);
      else if (kind === "add schema") {
        const added = fresh("s", r);
        next.schemas[added] = {};
        fillNamespace(r, next, added, c.roles);
        edit = `add schema ${added}`;
      } else {
        if (schema === "public" || !old.schemas[schema]) continue;
        delete next.schemas[schema];
        for (const t of Object.keys(old.schemas[schema].tables ?? {})) dropped.push(`${schema}.${t}`);
        edit = `drop schema ${schema}`;
      }
    } else edit = kinds[r.pick(Object.keys(kinds))](c, schema);
    if (edit) edits.push(edit);
  }
  const schemas = [...new Set([...Object.keys(old.schemas), ...Object.keys(next.schemas)])];
  return { seed, old, new: next, edits, dropped, retyped, roles: c.roles, schemas };
}
