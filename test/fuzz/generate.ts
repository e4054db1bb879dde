// The schema-pair fuzzer's generator: from a seed, a random valid declaration (tables, columns of
// many types, primary keys, unique constraints, checks, foreign keys, indexes, enums) and a random
// edit of it (add, drop, rename, retype, re-key...). Everything is derived from the seed, so a
// failing seed replays exactly. Generated data always satisfies the generated constraints, so a
// failure is the product's, not the data's.
import type {
  ColumnDeclaration,
  ConstraintDeclaration,
  EnumObjectDeclaration,
  IndexDeclaration,
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

const numeric = /^(smallint|integer|bigint|numeric|real|double precision)(\(|$)/;
const texty = /^(text|varchar)(\(|$)/;

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
const distinctTypes = (type: string) => !["boolean"].includes(type);
const indexable = (type: string) => !["jsonb", "text[]", "integer[]", "bytea"].includes(type);

export interface Pair {
  seed: number;
  old: SchemaSpec;
  new: SchemaSpec;
  /** What the edit did, one line per change (the failure report and the corpus case name). */
  edits: string[];
  /** `table` and `table.column` the edit dropped (their rows / values may go). */
  dropped: string[];
  /** `table.column` (names as in `old`) whose type the edit widened: values keep, their text may not. */
  retyped: string[];
}

type Tables = Record<string, TableDeclaration>;
type Enums = Record<string, EnumObjectDeclaration>;

function tablesOf(s: SchemaSpec): Tables {
  return s.schemas.public.tables!;
}
function enumsOf(s: SchemaSpec): Enums {
  return s.schemas.public.enums as Enums;
}

let names = 0;
const fresh = (prefix: string, r: Rng) => `${prefix}${r.int(0, 9999).toString(36)}${(names++).toString(36)}`;

function newColumn(r: Rng, enums: Enums, forAdd: boolean): ColumnDeclaration {
  const enumNames = Object.keys(enums);
  const type = enumNames.length && r.chance(0.15) ? r.pick(enumNames) : r.pick(Object.keys(typePool));
  const column: ColumnDeclaration = { type };
  // Rows are loaded before the edit: a column added later with NOT NULL needs a default.
  if (r.chance(0.3)) column.nullable = false;
  if (r.chance(0.3) || (forAdd && column.nullable === false)) {
    if (numeric.test(type)) column.default = "0";
    else if (texty.test(type)) column.default = "'none'";
    else if (type === "boolean") column.default = "false";
    else if (type === "timestamptz") column.default = "now()";
    else if (type === "jsonb") column.default = `'{}'::jsonb`;
    else if (type in enums) column.default = `'${enums[type].values[0]}'`;
    else if (forAdd) delete column.nullable;
  }
  if (texty.test(type) && r.chance(0.15)) column.collation = "C";
  if (r.chance(0.1)) column.comment = `column ${r.int(1, 99)}`;
  return column;
}

function newTable(r: Rng, enums: Enums, existing: Tables): TableDeclaration {
  const columns: Record<string, ColumnDeclaration> = {
    id: r.chance(0.5)
      ? { type: "bigint", identity: "by default", primaryKey: true }
      : { type: "bigint", primaryKey: true },
  };
  for (let i = r.int(1, 5); i > 0; i--) columns[fresh("c", r)] = newColumn(r, enums, false);
  const table: TableDeclaration = { columns, constraints: {}, indexes: {} };
  const parents = Object.keys(existing);
  if (parents.length && r.chance(0.5)) addForeignKey(r, table, r.pick(parents));
  for (let i = r.int(0, 2); i > 0; i--) addConstraintOrIndex(r, table, `t${names}`, enums);
  if (r.chance(0.1)) table.comment = "a table";
  return table;
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

/** Non-key columns of a table with a usable type. */
function plainColumns(t: TableDeclaration, enums: Enums, filter: (type: string) => boolean): string[] {
  return Object.entries(t.columns)
    .filter(([name, c]) => name !== "id" && !(c.type in enums) && filter(c.type))
    .filter(
      ([name]) =>
        !Object.values(t.constraints ?? {}).some((k) => k.type === "foreignKey" && k.columns.includes(name)),
    )
    .map(([name]) => name);
}

function addConstraintOrIndex(r: Rng, t: TableDeclaration, tableName: string, enums: Enums = {}): string {
  const what = r.int(0, 3);
  if (what === 0) {
    const cols = plainColumns(t, enums, (x) => numeric.test(x) || texty.test(x));
    if (!cols.length) return "";
    const col = r.pick(cols);
    const name = fresh("ck", r);
    t.constraints![name] = {
      type: "check",
      expression: numeric.test(t.columns[col].type) ? `${col} >= 0` : `length(${col}) < 1000`,
    };
    return `add check ${name} on ${tableName}.${col}`;
  }
  if (what === 1) {
    // A column added with a default holds that one value in every loaded row: never unique.
    const cols = plainColumns(t, enums, (x) => distinctTypes(x) && indexable(x)).filter(
      (c) => t.columns[c].default === undefined,
    );
    if (!cols.length) return "";
    const key = [r.pick(cols)];
    if (r.chance(0.3)) key.push("id");
    const name = fresh("uq", r);
    t.constraints![name] = { type: "unique", columns: key };
    return `add unique ${name} (${key.join(", ")}) on ${tableName}`;
  }
  const cols = plainColumns(t, enums, indexable);
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
  t.indexes![name] = index;
  return `add index ${name} on ${tableName}(${col})`;
}

export function generateSpec(r: Rng): SchemaSpec {
  const enums: Enums = {};
  for (let i = r.int(0, 2); i > 0; i--)
    enums[fresh("e", r)] = { values: Array.from({ length: r.int(2, 4) }, (_, k) => `v${k}`) };
  const tables: Tables = {};
  for (let i = r.int(1, 4); i > 0; i--) tables[fresh("t", r)] = newTable(r, enums, tables);
  return { version: "1", schemas: { public: { tables, enums } } };
}

/** Constraints and indexes that use `column` of `t`. */
function usersOf(t: TableDeclaration, column: string): { constraints: string[]; indexes: string[] } {
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
function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

function applyEdit(r: Rng, s: SchemaSpec, old: SchemaSpec, dropped: string[], retyped: string[]): string {
  const tables = tablesOf(s);
  const enums = enumsOf(s);
  const tableNames = Object.keys(tables);
  const edit = r.int(0, 13);
  // Drops, renames and changes of existing columns apply to what the live database has: tables and
  // columns of the old declaration not renamed in this pair (a rename hint names a live object).
  const live = tableNames.filter((n) => tablesOf(old)[n] && !tables[n].renamedFrom);
  const onLive = [1, 2, 4, 5, 6, 11].includes(edit);
  if (onLive && !live.length) return "";
  const name = onLive ? r.pick(live) : r.pick(tableNames);
  const t = tables[name];
  const liveColumn = (c: string) => c in tablesOf(old)[name].columns && !t.columns[c].renamedFrom;
  switch (edit) {
    case 0: {
      const n = fresh("t", r);
      tables[n] = newTable(r, enums, tables);
      return `add table ${n}`;
    }
    case 1: {
      if (tableNames.length < 2 || referencedBy(tables, name).length) return "";
      delete tables[name];
      dropped.push(name);
      return `drop table ${name}`;
    }
    case 2: {
      if (referencedBy(tables, name).length) return "";
      const n = fresh("t", r);
      const next = renameKey(tables, name, n);
      next[n] = { ...t, renamedFrom: name };
      s.schemas.public.tables = next;
      return `rename table ${name} to ${n}`;
    }
    case 3: {
      const c = fresh("c", r);
      t.columns[c] = newColumn(r, enums, true);
      return `add column ${name}.${c} ${t.columns[c].type}`;
    }
    case 4: {
      const cols = Object.keys(t.columns).filter((c) => c !== "id" && liveColumn(c));
      if (!cols.length) return "";
      const c = r.pick(cols);
      const users = usersOf(t, c);
      users.constraints.forEach((k) => delete t.constraints![k]);
      users.indexes.forEach((k) => delete t.indexes![k]);
      delete t.columns[c];
      dropped.push(`${name}.${c}`);
      return `drop column ${name}.${c}`;
    }
    case 5: {
      const cols = plainColumns(t, enums, () => true).filter(liveColumn);
      if (!cols.length) return "";
      const c = r.pick(cols);
      const n = fresh("c", r);
      t.columns = renameKey(t.columns, c, n);
      t.columns[n] = { ...t.columns[n], renamedFrom: c };
      for (const k of Object.values(t.constraints ?? {})) {
        if ("columns" in k) k.columns = k.columns.map((x) => (x === c ? n : x));
        if (k.type === "check") k.expression = k.expression.replace(new RegExp(`\\b${c}\\b`, "g"), n);
      }
      for (const ix of Object.values(t.indexes ?? {})) {
        ix.columns = ix.columns.map((x) =>
          typeof x === "string" ? (x === c ? n : x) : x.column === c ? { ...x, column: n } : x,
        );
        if (ix.include) ix.include = ix.include.map((x) => (x === c ? n : x));
        if (ix.where) ix.where = ix.where.replace(new RegExp(`\\b${c}\\b`, "g"), n);
      }
      return `rename column ${name}.${c} to ${n}`;
    }
    case 6: {
      const cols = plainColumns(t, enums, (x) => (typePool[x] ?? []).length > 0).filter(liveColumn);
      if (!cols.length) return "";
      const c = r.pick(cols);
      const to = r.pick(typePool[t.columns[c].type]);
      const from = t.columns[c].type;
      retyped.push(`${name}.${c}`);
      t.columns[c] = { ...t.columns[c], type: to };
      // A default of the old type may not read as the new one (e.g. '{}' for a widened array): keep it simple.
      if (t.columns[c].default !== undefined && !numeric.test(to) && !texty.test(to))
        delete t.columns[c].default;
      return `retype ${name}.${c} ${from} -> ${to}`;
    }
    case 7: {
      // Re-key: drop one unique constraint or index, add another.
      const uniques = Object.entries(t.constraints ?? {})
        .filter(([, k]) => k.type === "unique")
        .map(([n]) => n);
      const removed = uniques.length && r.chance(0.5) ? r.pick(uniques) : undefined;
      if (removed) delete t.constraints![removed];
      const added = addConstraintOrIndex(r, t, name, enums);
      return [removed ? `drop unique ${removed} on ${name}` : "", added].filter(Boolean).join("; ");
    }
    case 8:
      return addConstraintOrIndex(r, t, name, enums);
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
      return `drop ${kind} ${n} on ${name}`;
    }
    case 10: {
      const parents = tableNames.filter((p) => p !== name);
      if (!parents.length) return "";
      return `${addForeignKey(r, t, r.pick(parents))} from ${name}`;
    }
    case 11: {
      const cols = Object.keys(t.columns).filter((c) => c !== "id" && liveColumn(c));
      if (!cols.length) return "";
      const c = r.pick(cols);
      // Loaded rows are never NULL except FK columns (which stay nullable).
      if (Object.values(t.constraints ?? {}).some((k) => k.type === "foreignKey" && k.columns.includes(c)))
        return "";
      const nullable = t.columns[c].nullable === false;
      t.columns[c] = { ...t.columns[c], nullable };
      return `set ${name}.${c} ${nullable ? "nullable" : "NOT NULL"}`;
    }
    case 12: {
      const names = Object.keys(enums);
      if (!names.length || r.chance(0.3)) {
        const e = fresh("e", r);
        enums[e] = { values: ["a", "b"] };
        return `add enum ${e}`;
      }
      const e = r.pick(names);
      enums[e] = { ...enums[e], values: [...enums[e].values, fresh("v", r)] };
      return `add value to enum ${e}`;
    }
    default: {
      const cols = plainColumns(t, enums, (x) => numeric.test(x));
      if (!cols.length) return "";
      const c = r.pick(cols);
      const before = t.columns[c].default;
      t.columns[c] = { ...t.columns[c], default: before === "7" ? "0" : "7" };
      return `set default of ${name}.${c} to ${t.columns[c].default}`;
    }
  }
}

/** The pair of seed `seed`: a random declaration and one to three random edits of it. */
export function generatePair(seed: number): Pair {
  names = 0;
  const r = rng(seed);
  const old = generateSpec(r);
  const next = structuredClone(old);
  const edits: string[] = [];
  const dropped: string[] = [];
  const retyped: string[] = [];
  const wanted = r.int(1, 3);
  for (let tries = 0; edits.length < wanted && tries < 30; tries++) {
    const edit = applyEdit(r, next, old, dropped, retyped);
    if (edit) edits.push(edit);
  }
  return { seed, old, new: next, edits, dropped, retyped };
}

export type { ConstraintDeclaration };
