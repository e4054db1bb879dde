// The schema-pair fuzzer's generator: from a seed, a random valid declaration and a random edit of
// it (add, drop, rename, retype, re-key...). Tables, columns and their keys, checks, foreign keys,
// indexes and enums are made here; the other object kinds (sequences, serial columns, extensions,
// schemas, domains, composite types, partitioned tables, exclusion constraints, index storage,
// views, functions, triggers, row-level security, grants, owners, roles) in generate-kinds.ts.
// Everything is derived from the seed, so a failing seed replays exactly. Generated data always
// satisfies the generated constraints, so a failure is the product's, not the data's.
import type {
  ColumnDeclaration,
  ConstraintDeclaration,
  EnumObjectDeclaration,
  IndexDeclaration,
  NamespaceDeclaration,
  SchemaSpec,
  TableDeclaration,
} from "../../core/model/declaration";

/** mulberry32: small, fast, good enough for test generation, identical on every platform. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

export interface Rng {
  next(): number;
  /** Inclusive range. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

/** Column types the generator uses, with what the edit may widen each to (data-preserving). */
export const typePool: Record<string, string[]> = {
  smallint: ["integer", "bigint"],
  integer: ["bigint", "numeric(20,0)"],
  bigint: ["numeric(30,0)"],
  "numeric(10,2)": ["numeric(14,2)", "numeric(14,4)"],
  real: ["double precision"],
  "double precision": [],
  text: [],
  "varchar(40)": ["varchar(80)", "text"],
  boolean: [],
  date: ["timestamp"],
  timestamp: ["timestamptz"],
  timestamptz: [],
  jsonb: [],
  uuid: [],
  bytea: [],
  inet: [],
  "text[]": [],
  "integer[]": ["bigint[]"],
  interval: [],
};

export const numeric =
  /^(smallint|integer|bigint|numeric|real|double precision|smallserial|serial|bigserial)(\(|$)/;
export const texty = /^(text|varchar|citext)(\(|$)/;

/** A value of `type` for row `i` (1-based), distinct per i wherever the type allows. */
export function sampleValue(type: string, i: number, enumValues?: string[]): unknown {
  if (enumValues) return enumValues[(i - 1) % enumValues.length];
  if (numeric.test(type)) return type.startsWith("numeric(10") ? i + 0.25 : i;
  if (texty.test(type)) return `v${i} it's`;
  const known: Record<string, unknown> = {
    boolean: i % 2 === 0,
    date: `2020-01-0${i}`,
    timestamp: `2020-01-0${i} 10:00:00`,
    timestamptz: `2020-01-0${i} 10:00:00+00`,
    jsonb: JSON.stringify({ i, tags: ["a", i] }),
    uuid: `00000000-0000-4000-8000-00000000000${i}`,
    bytea: Buffer.from([i, 255 - i]),
    inet: `10.0.0.${i}`,
    "text[]": [`a${i}`, "b"],
    "integer[]": [i, i + 1],
    interval: `${i} days`,
  };
  if (type in known) return known[type];
  throw new Error(`fuzz: no sample value for ${type}`);
}

/** Types whose sample values are distinct per row (so a unique key over them holds). */
export const distinctTypes = (type: string) => !["boolean"].includes(type);
export const indexable = (type: string) => !["jsonb", "text[]", "integer[]", "bytea"].includes(type);

/**
 * What a column's declared type stores, for sample values and comparisons: a domain's base type,
 * an enum's values, serial's integer, an extension's text-like type as itself.
 */
export function storedType(
  s: SchemaSpec,
  schema: string,
  type: string,
): { type: string; enumValues?: string[]; userType?: string } {
  const [typeSchema, typeName] = type.includes(".") ? type.split(".") : [schema, type];
  for (const ns of [typeSchema, "public"]) {
    const e = s.schemas[ns]?.enums?.[typeName];
    if (e) return { type, enumValues: Array.isArray(e) ? e : e.values, userType: `${ns}.${typeName}` };
    const d = s.schemas[ns]?.domains?.[typeName];
    if (d) return { type: d.type, userType: `${ns}.${typeName}` };
  }
  return { type };
}

export interface Pair {
  seed: number;
  old: SchemaSpec;
  new: SchemaSpec;
  /** What the edit did, one line per change (the failure report and the corpus case name). */
  edits: string[];
  /** `schema.table` and `schema.table.column` the edit dropped (their rows / values may go). */
  dropped: string[];
  /** `schema.table.column` (names as in `old`) whose type the edit widened: values keep, their text may not. */
  retyped: string[];
  /** Roles the pair declares (cluster-wide: created by the apply, dropped by the checker after). */
  roles: string[];
  /** Schemas the plans manage: those of both declarations (a schema no longer declared is dropped). */
  schemas: string[];
}

export type Tables = Record<string, TableDeclaration>;
export type Enums = Record<string, EnumObjectDeclaration>;

export const namespaces = (s: SchemaSpec) => Object.keys(s.schemas);
export function tablesIn(s: SchemaSpec, schema: string): Tables {
  return (s.schemas[schema].tables ??= {});
}
export function enumsIn(s: SchemaSpec, schema: string): Enums {
  return (s.schemas[schema].enums ??= {}) as Enums;
}

let names = 0;
/** A name not used before in this pair (lower case, so no quoting question arises). */
export const fresh = (prefix: string, r: Rng) =>
  `${prefix}${r.int(0, 9999).toString(36)}${(names++).toString(36)}`;

/** Types a new column may take in `schema`: the pool, plus enums, domains, serials and extension types. */
function columnType(r: Rng, s: SchemaSpec, schema: string): string {
  const ns = s.schemas[schema];
  const enums = Object.keys(ns.enums ?? {});
  const domains = Object.keys(ns.domains ?? {});
  if (enums.length && r.chance(0.12)) return r.pick(enums);
  if (domains.length && r.chance(0.12)) return r.pick(domains);
  if (ns.extensions?.citext && r.chance(0.1)) return "citext";
  if (r.chance(0.06)) return r.pick(["serial", "bigserial", "smallserial"]);
  return r.pick(Object.keys(typePool));
}

export function newColumn(r: Rng, s: SchemaSpec, schema: string, forAdd: boolean): ColumnDeclaration {
  const type = columnType(r, s, schema);
  const column: ColumnDeclaration = { type };
  if (/serial$/.test(type)) return column;
  const { type: stored, enumValues } = storedType(s, schema, type);
  // Rows are loaded before the edit: a column added later with NOT NULL needs a default.
  if (r.chance(0.3)) column.nullable = false;
  if (r.chance(0.3) || (forAdd && column.nullable === false)) {
    if (numeric.test(stored)) column.default = "1";
    else if (texty.test(stored)) column.default = "'none'";
    else if (stored === "boolean") column.default = "false";
    else if (stored === "timestamptz") column.default = "now()";
    else if (stored === "jsonb") column.default = `'{}'::jsonb`;
    else if (enumValues) column.default = `'${enumValues[0]}'`;
    else if (forAdd) delete column.nullable;
  }
  if (texty.test(type) && type !== "citext" && r.chance(0.15)) column.collation = "C";
  if (r.chance(0.1)) column.comment = `column ${r.int(1, 99)}`;
  return column;
}

export function newTable(
  r: Rng,
  s: SchemaSpec,
  schema: string,
  existing: Tables,
  roles: string[],
): TableDeclaration {
  const columns: Record<string, ColumnDeclaration> = {
    id: r.chance(0.5)
      ? { type: "bigint", identity: "by default", primaryKey: true }
      : { type: "bigint", primaryKey: true },
  };
  for (let i = r.int(1, 5); i > 0; i--) columns[fresh("c", r)] = newColumn(r, s, schema, false);
  const table: TableDeclaration = { columns, constraints: {}, indexes: {} };
  const parents = Object.keys(existing).filter((p) => !existing[p].partitionBy && !existing[p].owner);
  if (parents.length && r.chance(0.5)) addForeignKey(r, table, r.pick(parents));
  for (let i = r.int(0, 2); i > 0; i--) addConstraintOrIndex(r, s, schema, table, `t${names}`);
  if (r.chance(0.1)) table.comment = "a table";
  if (roles.length && r.chance(0.25))
    table.grants = { [r.pick(roles)]: r.pick([["select"], ["select", "insert"], ["all"]]) };
  const notGranted = roles.filter((x) => !(x in (table.grants ?? {})));
  if (notGranted.length && !hasForeignKeys(existing, "", table) && r.chance(0.1))
    table.owner = r.pick(notGranted);
  return table;
}

/**
 * Does `table` (named `name` among `tables`) reference or get referenced? Such tables keep the
 * default owner: Postgres checks foreign keys as the tables' owners, and a generated role has no
 * USAGE on the schema to do it with (a real failure, but of the declaration, not the product).
 */
export function hasForeignKeys(tables: Tables, name: string, table: TableDeclaration): boolean {
  return (
    Object.values(table.constraints ?? {}).some((k) => k.type === "foreignKey") ||
    (name !== "" && referencedBy(tables, name).length > 0)
  );
}

function addForeignKey(r: Rng, table: TableDeclaration, parent: string): string {
  const column = fresh(`${parent}_ref`, r);
  table.columns[column] = { type: "bigint" };
  const name = fresh("fk", r);
  table.constraints![name] = {
    type: "foreignKey",
    columns: [column],
    references: { table: parent, columns: ["id"] },
    onDelete: r.pick(["no action", "cascade", "set null", "restrict"] as const),
  };
  return `add FK ${name} to ${parent}`;
}

const isSerial = (type: string) => /serial$/.test(type);

/** Non-key columns of a table with a usable type (user types and serials left out). */
export function plainColumns(
  s: SchemaSpec,
  schema: string,
  t: TableDeclaration,
  filter: (type: string) => boolean,
): string[] {
  return Object.entries(t.columns)
    .filter(([name, c]) => name !== "id" && !storedType(s, schema, c.type).userType && !isSerial(c.type))
    .filter(([, c]) => c.type !== "citext" && filter(c.type))
    .filter(
      ([name]) =>
        !Object.values(t.constraints ?? {}).some((k) => k.type === "foreignKey" && k.columns.includes(name)),
    )
    .map(([name]) => name);
}

export function addConstraintOrIndex(
  r: Rng,
  s: SchemaSpec,
  schema: string,
  t: TableDeclaration,
  tableName: string,
): string {
  const what = r.int(0, 4);
  if (what === 0) {
    const cols = plainColumns(s, schema, t, (x) => numeric.test(x) || texty.test(x));
    if (!cols.length) return "";
    const col = r.pick(cols);
    const name = fresh("ck", r);
    t.constraints![name] = {
      type: "check",
      expression: numeric.test(t.columns[col].type) ? `${col} >= 0` : `length(${col}) < 1000`,
    };
    return `add check ${name} on ${tableName}.${col}`;
  }
  // A column added with a default holds that one value in every loaded row: never unique.
  const uniqueColumns = () =>
    plainColumns(s, schema, t, (x) => distinctTypes(x) && indexable(x)).filter(
      (c) => t.columns[c].default === undefined,
    );
  if (what === 1) {
    const cols = uniqueColumns();
    if (!cols.length) return "";
    const key = [r.pick(cols)];
    if (r.chance(0.3)) key.push("id");
    const name = fresh("uq", r);
    t.constraints![name] = { type: "unique", columns: key };
    return `add unique ${name} (${key.join(", ")}) on ${tableName}`;
  }
  if (what === 2) {
    // btree exclusion with `=` is a unique key Postgres checks as an exclusion constraint.
    const cols = uniqueColumns();
    if (!cols.length) return "";
    const col = r.pick(cols);
    const name = fresh("ex", r);
    t.constraints![name] = {
      type: "exclusion",
      method: "btree",
      elements: [{ column: col, operator: "=" }],
      ...(r.chance(0.3) ? { where: "id > 0" } : {}),
    };
    return `add exclusion ${name} on ${tableName}(${col})`;
  }
  const cols = plainColumns(s, schema, t, indexable);
  if (!cols.length) return "";
  const col = r.pick(cols);
  const name = fresh("ix", r);
  const index: IndexDeclaration = {
    columns: r.chance(0.3) ? [{ column: col, order: "desc" }] : [col],
  };
  if (r.chance(0.2) && distinctTypes(t.columns[col].type) && t.columns[col].default === undefined)
    index.unique = true;
  if (r.chance(0.2)) index.where = `${col} IS NOT NULL`;
  if (r.chance(0.15)) index.include = ["id"];
  if (r.chance(0.2)) index.with = { fillfactor: r.pick([50, 70, 90]) };
  if (r.chance(0.15)) index.comment = `index ${r.int(1, 99)}`;
  t.indexes![name] = index;
  return `add index ${name} on ${tableName}(${col})`;
}

/** Constraints and indexes that use `column` of `t`. */
export function usersOf(t: TableDeclaration, column: string): { constraints: string[]; indexes: string[] } {
  const constraints = Object.entries(t.constraints ?? {})
    .filter(([, k]) =>
      "columns" in k
        ? k.columns.includes(column)
        : k.type === "exclusion"
          ? k.elements.some((e) => e.column === column)
          : new RegExp(`\\b${column}\\b`).test(k.expression),
    )
    .map(([n]) => n);
  const indexes = Object.entries(t.indexes ?? {})
    .filter(
      ([, ix]) =>
        [...ix.columns, ...(ix.include ?? [])].some(
          (c) => (typeof c === "string" ? c : c.column) === column,
        ) || (ix.where ?? "").includes(column),
    )
    .map(([n]) => n);
  return { constraints, indexes };
}

function referencedBy(tables: Tables, parent: string): string[] {
  return Object.entries(tables)
    .filter(
      ([name, t]) =>
        name !== parent &&
        Object.values(t.constraints ?? {}).some(
          (k) => k.type === "foreignKey" && k.references.table === parent,
        ),
    )
    .map(([name]) => name);
}

/** Renames `from` to `to` in an object, keeping its position. */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

/** Replaces the word `from` by `to` in SQL text the generator wrote (names are unique words). */
export const replaceWord = (text: string, from: string, to: string) =>
  text.replace(new RegExp(`\\b${from}\\b`, "g"), to);

/** The edit being built: the declaration it changes, the live one it starts from, what it drops. */
export interface EditContext {
  r: Rng;
  s: SchemaSpec;
  old: SchemaSpec;
  dropped: string[];
  retyped: string[];
  roles: string[];
  /** Called when a table or column is renamed or dropped, so the objects that name it follow. */
  onTableChange: TableChangeHook;
}

export type TableChangeHook = (
  schema: string,
  change:
    | { kind: "rename table"; from: string; to: string }
    | { kind: "drop table"; table: string }
    | { kind: "rename column"; table: string; from: string; to: string }
    | { kind: "drop column"; table: string; column: string },
) => void;

/** One edit of the tables of one schema (the original kinds of edit); "" when it does not apply. */
export function tableEdit(c: EditContext, schema: string): string {
  const { r, s, old, dropped, retyped } = c;
  const tables = tablesIn(s, schema);
  const label = (n: string) => (schema === "public" ? n : `${schema}.${n}`);
  // Partitioned tables have edits of their own (generate-kinds.ts).
  const tableNames = Object.keys(tables).filter((n) => !tables[n].partitionBy);
  const oldTables = old.schemas[schema]?.tables ?? {};
  const edit = r.int(0, 13);
  // Drops, renames and changes of existing columns apply to what the live database has: tables and
  // columns of the old declaration not renamed in this pair (a rename hint names a live object).
  const live = tableNames.filter((n) => oldTables[n] && !tables[n].renamedFrom);
  const onLive = [1, 2, 4, 5, 6, 11].includes(edit);
  if (!tableNames.length && edit !== 0) return "";
  if (onLive && !live.length) return "";
  const name = onLive ? r.pick(live) : r.pick(tableNames);
  const t = tables[name];
  const liveColumn = (col: string) => col in oldTables[name].columns && !t.columns[col].renamedFrom;
  switch (edit) {
    case 0: {
      const n = fresh("t", r);
      tables[n] = newTable(r, s, schema, tables, c.roles);
      return `add table ${label(n)}`;
    }
    case 1: {
      if (tableNames.length < 2 || referencedBy(tables, name).length) return "";
      delete tables[name];
      dropped.push(`${schema}.${name}`);
      c.onTableChange(schema, { kind: "drop table", table: name });
      return `drop table ${label(name)}`;
    }
    case 2: {
      if (referencedBy(tables, name).length) return "";
      const n = fresh("t", r);
      const next = renameKey(tables, name, n);
      next[n] = { ...t, renamedFrom: name };
      s.schemas[schema].tables = next;
      c.onTableChange(schema, { kind: "rename table", from: name, to: n });
      return `rename table ${label(name)} to ${n}`;
    }
    case 3: {
      const col = fresh("c", r);
      t.columns[col] = newColumn(r, s, schema, true);
      return `add column ${label(name)}.${col} ${t.columns[col].type}`;
    }
    case 4: {
      const cols = Object.keys(t.columns).filter((x) => x !== "id" && liveColumn(x));
      if (!cols.length) return "";
      const col = r.pick(cols);
      const users = usersOf(t, col);
      users.constraints.forEach((k) => delete t.constraints![k]);
      users.indexes.forEach((k) => delete t.indexes![k]);
      for (const [tn, trigger] of Object.entries(t.triggers ?? {}))
        if ((trigger.updateOf ?? []).includes(col)) delete t.triggers![tn];
      delete t.columns[col];
      dropped.push(`${schema}.${name}.${col}`);
      c.onTableChange(schema, { kind: "drop column", table: name, column: col });
      return `drop column ${label(name)}.${col}`;
    }
    case 5: {
      const cols = plainColumns(s, schema, t, () => true).filter(liveColumn);
      if (!cols.length) return "";
      const col = r.pick(cols);
      const n = fresh("c", r);
      t.columns = renameKey(t.columns, col, n);
      t.columns[n] = { ...t.columns[n], renamedFrom: col };
      for (const k of Object.values(t.constraints ?? {})) {
        if ("columns" in k) k.columns = k.columns.map((x) => (x === col ? n : x));
        if (k.type === "check") k.expression = replaceWord(k.expression, col, n);
        if (k.type === "exclusion")
          k.elements = k.elements.map((e) => (e.column === col ? { ...e, column: n } : e));
      }
      for (const ix of Object.values(t.indexes ?? {})) {
        ix.columns = ix.columns.map((x) =>
          typeof x === "string" ? (x === col ? n : x) : x.column === col ? { ...x, column: n } : x,
        );
        if (ix.include) ix.include = ix.include.map((x) => (x === col ? n : x));
        if (ix.where) ix.where = replaceWord(ix.where, col, n);
      }
      for (const trigger of Object.values(t.triggers ?? {}))
        if (trigger.updateOf) trigger.updateOf = trigger.updateOf.map((x) => (x === col ? n : x));
      c.onTableChange(schema, { kind: "rename column", table: name, from: col, to: n });
      return `rename column ${label(name)}.${col} to ${n}`;
    }
    case 6: {
      const cols = plainColumns(s, schema, t, (x) => (typePool[x] ?? []).length > 0).filter(liveColumn);
      if (!cols.length) return "";
      const col = r.pick(cols);
      const to = r.pick(typePool[t.columns[col].type]);
      const from = t.columns[col].type;
      retyped.push(`${schema}.${name}.${col}`);
      t.columns[col] = { ...t.columns[col], type: to };
      // A default of the old type may not read as the new one (e.g. '{}' for a widened array): keep it simple.
      if (t.columns[col].default !== undefined && !numeric.test(to) && !texty.test(to))
        delete t.columns[col].default;
      return `retype ${label(name)}.${col} ${from} -> ${to}`;
    }
    case 7: {
      // Re-key: drop one unique constraint or index, add another.
      const uniques = Object.entries(t.constraints ?? {})
        .filter(([, k]) => k.type === "unique")
        .map(([n]) => n);
      const removed = uniques.length && r.chance(0.5) ? r.pick(uniques) : undefined;
      if (removed) delete t.constraints![removed];
      const added = addConstraintOrIndex(r, s, schema, t, label(name));
      return [removed ? `drop unique ${removed} on ${label(name)}` : "", added].filter(Boolean).join("; ");
    }
    case 8:
      return addConstraintOrIndex(r, s, schema, t, label(name));
    case 9: {
      const all = [
        ...Object.keys(t.indexes ?? {}).map((i) => ["index", i]),
        ...Object.entries(t.constraints ?? {})
          .filter(([, k]) => k.type !== "foreignKey")
          .map(([k]) => ["constraint", k]),
      ];
      if (!all.length) return "";
      const [kind, n] = r.pick(all);
      if (kind === "index") delete t.indexes![n];
      else delete t.constraints![n];
      return `drop ${kind} ${n} on ${label(name)}`;
    }
    case 10: {
      const parents = tableNames.filter((p) => p !== name && !tables[p].owner);
      if (!parents.length || t.owner) return "";
      return `${addForeignKey(r, t, r.pick(parents))} from ${label(name)}`;
    }
    case 11: {
      const cols = Object.keys(t.columns).filter(
        (x) => x !== "id" && liveColumn(x) && !isSerial(t.columns[x].type),
      );
      if (!cols.length) return "";
      const col = r.pick(cols);
      // Loaded rows are never NULL except FK columns (which stay nullable).
      if (Object.values(t.constraints ?? {}).some((k) => k.type === "foreignKey" && k.columns.includes(col)))
        return "";
      const nullable = t.columns[col].nullable === false;
      t.columns[col] = { ...t.columns[col], nullable };
      return `set ${label(name)}.${col} ${nullable ? "nullable" : "NOT NULL"}`;
    }
    case 12: {
      const enums = enumsIn(s, schema);
      const names = Object.keys(enums);
      if (!names.length || r.chance(0.3)) {
        const e = fresh("e", r);
        enums[e] = { values: ["a", "b"] };
        return `add enum ${label(e)}`;
      }
      const e = r.pick(names);
      enums[e] = { ...enums[e], values: [...enums[e].values, fresh("v", r)] };
      return `add value to enum ${label(e)}`;
    }
    default: {
      const cols = plainColumns(s, schema, t, (x) => numeric.test(x));
      if (!cols.length) return "";
      const col = r.pick(cols);
      const before = t.columns[col].default;
      t.columns[col] = { ...t.columns[col], default: before === "7" ? "1" : "7" };
      return `set default of ${label(name)}.${col} to ${t.columns[col].default}`;
    }
  }
}

/** The tables and enums of a new namespace (its other objects: generate-kinds.ts). */
export function generateTables(r: Rng, s: SchemaSpec, schema: string, roles: string[], max: number): void {
  const ns: NamespaceDeclaration = s.schemas[schema];
  if (schema === "public")
    for (let i = r.int(0, 2); i > 0; i--)
      enumsIn(s, schema)[fresh("e", r)] = { values: Array.from({ length: r.int(2, 4) }, (_, k) => `v${k}`) };
  const tables = tablesIn(s, schema);
  for (let i = r.int(schema === "public" ? 1 : 0, max); i > 0; i--)
    tables[fresh("t", r)] = newTable(r, s, schema, tables, roles);
  ns.tables = tables;
}

/** Resets the name counter (each pair names its objects from 0, so a seed replays exactly). */
export function resetNames(): void {
  names = 0;
}

export type { ConstraintDeclaration };
