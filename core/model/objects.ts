// One schema object inside a model: how the Pulumi layer addresses "this column" or "this index"
// so that a per-resource change is planned by the same planner as a whole-schema change:
// desired = live with just this object replaced, then planChanges(live, desired).
import { schemaCommentsOf } from "./schema";
import type { ColumnModel, ConstraintModel, EnumModel, IndexModel, SchemaModel, TableModel } from "./model";

export type ObjectKind = "table" | "column" | "constraint" | "index" | "enum";

export interface ObjectRef {
  kind: ObjectKind;
  schema: string;
  /** The owning table, for columns, constraints and indexes. */
  table?: string;
  name: string;
}

/** A table's own properties; its columns, constraints and indexes are objects of their own. */
export type TableShell = Pick<TableModel, "schema" | "name" | "unlogged" | "comment">;

export type ObjectFragment = TableShell | ColumnModel | ConstraintModel | IndexModel | EnumModel;

/** Stable text key, e.g. `column:public.users.email` (also the planner's step object key). */
export function objectKey(ref: ObjectRef): string {
  return `${ref.kind}:${[ref.schema, ref.table, ref.name].filter((p) => p !== undefined).join(".")}`;
}

export function describeObject(ref: ObjectRef): string {
  const table = ref.table === undefined ? "" : `table "${ref.schema}.${ref.table}", `;
  return ref.kind === "table" || ref.kind === "enum"
    ? `${ref.kind} "${ref.schema}.${ref.name}"`
    : `${table}${ref.kind} "${ref.name}"`;
}

function tableOf(model: SchemaModel, schema: string, name: string | undefined): TableModel | undefined {
  return model.tables.find((t) => t.schema === schema && t.name === name);
}

/** The object as it is in `model`, or undefined when absent. */
export function findObject(model: SchemaModel, ref: ObjectRef): ObjectFragment | undefined {
  switch (ref.kind) {
    case "enum":
      return model.enums.find((e) => e.schema === ref.schema && e.name === ref.name);
    case "table": {
      const t = tableOf(model, ref.schema, ref.name);
      return t && { schema: t.schema, name: t.name, unlogged: t.unlogged, comment: t.comment };
    }
    case "column":
      return tableOf(model, ref.schema, ref.table)?.columns.find((c) => c.name === ref.name);
    case "constraint":
      return tableOf(model, ref.schema, ref.table)?.constraints.find((c) => c.name === ref.name);
    case "index":
      return tableOf(model, ref.schema, ref.table)?.indexes.find((i) => i.name === ref.name);
  }
}

/**
 * A copy of `model` where the object at `ref` is replaced by `fragment` (null removes it). The
 * fragment may carry a new name (with `renamedFrom` = ref.name for tables and columns): it takes
 * the old object's place, so the planner sees a rename, never drop + add.
 */
export function replaceObject(
  model: SchemaModel,
  ref: ObjectRef,
  fragment: ObjectFragment | null,
): SchemaModel {
  const copy = structuredClone(model);
  const schemas = new Set(copy.schemas);
  schemas.add(ref.schema);
  copy.schemas = [...schemas];
  switch (ref.kind) {
    case "enum":
      copy.enums = upsert(
        copy.enums,
        (e) => e.schema === ref.schema && e.name === ref.name,
        fragment as EnumModel | null,
      );
      return copy;
    case "table": {
      const shell = fragment as TableShell | null;
      const existing = tableOf(copy, ref.schema, ref.name);
      const table: TableModel | null = shell && {
        ...(existing ?? { columns: [], constraints: [], indexes: [] }),
        ...shell,
        renamedFrom: shell.name !== ref.name ? ref.name : null,
      };
      copy.tables = upsert(copy.tables, (t) => t.schema === ref.schema && t.name === ref.name, table);
      if (shell && shell.name !== ref.name) renameTableReferences(copy, ref.schema, ref.name, shell.name);
      return copy;
    }
    default: {
      const table = tableOf(copy, ref.schema, ref.table);
      if (!table) {
        if (fragment === null) return copy;
        throw new Error(`${describeObject(ref)}: table "${ref.schema}.${ref.table}" does not exist`);
      }
      if (ref.kind === "column") {
        const column = fragment as ColumnModel | null;
        if (column && column.name !== ref.name)
          renameColumnReferences(copy, ref.schema, table.name, ref.name, column.name);
        table.columns = upsert(
          table.columns,
          (c) => c.name === ref.name,
          column && { ...column, renamedFrom: column.name !== ref.name ? ref.name : null },
        );
      } else if (ref.kind === "constraint") {
        table.constraints = upsert(
          table.constraints,
          (c) => c.name === ref.name,
          fragment as ConstraintModel | null,
        );
      } else {
        table.indexes = upsert(table.indexes, (i) => i.name === ref.name, fragment as IndexModel | null);
      }
      return copy;
    }
  }
}

/**
 * What RENAME COLUMN does to dependents: indexes and constraints follow the column, so the desired
 * model must say so too, or the planner would rebuild them on the old name.
 */
function renameColumnReferences(
  model: SchemaModel,
  schema: string,
  table: string,
  from: string,
  to: string,
): void {
  const rename = (names: string[]) => names.map((n) => (n === from ? to : n));
  for (const t of model.tables) {
    const same = t.schema === schema && t.name === table;
    for (const c of t.constraints) {
      if (same) {
        if (c.kind === "exclusion")
          c.elements = c.elements.map((e) => (e.column === from ? { ...e, column: to } : e));
        else if (c.kind !== "check") c.columns = rename(c.columns);
      }
      if (c.kind === "foreignKey" && c.references.schema === schema && c.references.table === table) {
        c.references.columns = rename(c.references.columns);
      }
    }
    if (!same) continue;
    for (const i of t.indexes) {
      i.keys = i.keys.map((k) => (k.column === from ? { ...k, column: to } : k));
      i.include = rename(i.include);
    }
  }
}

/** Foreign keys follow a renamed table. */
function renameTableReferences(model: SchemaModel, schema: string, from: string, to: string): void {
  for (const t of model.tables) {
    for (const c of t.constraints) {
      if (c.kind === "foreignKey" && c.references.schema === schema && c.references.table === from)
        c.references.table = to;
    }
  }
}

function upsert<T>(items: T[], matches: (item: T) => boolean, replacement: T | null): T[] {
  const index = items.findIndex(matches);
  if (index < 0) return replacement === null ? items : [...items, replacement];
  return replacement === null
    ? items.filter((_, i) => i !== index)
    : items.map((item, i) => (i === index ? replacement : item));
}

/** The names a table's declaration accounts for; renamed objects count under their old name too. */
export interface DeclaredChildren {
  columns: string[];
  constraints: string[];
  indexes: string[];
}

/** Columns, constraints and indexes the live table has but the declaration does not mention. */
export function undeclaredChildren(
  model: SchemaModel,
  schema: string,
  table: string,
  declared: DeclaredChildren,
): ObjectRef[] {
  const t = tableOf(model, schema, table);
  if (!t) return [];
  const extra = (kind: ObjectKind, names: string[], known: string[]) =>
    names.filter((n) => !known.includes(n)).map((name): ObjectRef => ({ kind, schema, table, name }));
  return [
    ...extra(
      "column",
      t.columns.map((c) => c.name),
      declared.columns,
    ),
    ...extra(
      "constraint",
      t.constraints.map((c) => c.name),
      declared.constraints,
    ),
    ...extra(
      "index",
      t.indexes.map((i) => i.name),
      declared.indexes,
    ),
  ];
}

/** `schema.name` of every declared table and enum, and of what renamed ones were called before. */
function declaredNames(declared: SchemaModel): { tables: Set<string>; enums: Set<string> } {
  const names = (objects: { schema: string; name: string; renamedFrom: string | null }[]) =>
    new Set(
      objects.flatMap((o) => [
        `${o.schema}.${o.name}`,
        ...(o.renamedFrom ? [`${o.schema}.${o.renamedFrom}`] : []),
      ]),
    );
  return { tables: names(declared.tables), enums: names(declared.enums) };
}

/**
 * The part of a live model that a declaration speaks about: its schemas, and in them only the
 * declared tables and enums (with all their live children, so extra columns still count).
 * Unrelated tables in the same schema are left out: they are not this declaration's business.
 */
export function restrictToDeclared(live: SchemaModel, declared: SchemaModel): SchemaModel {
  const { tables, enums } = declaredNames(declared);
  return {
    version: live.version,
    schemas: [...declared.schemas],
    ...schemaCommentsOf(live.schemaComments, (s) => declared.schemas.includes(s)),
    enums: live.enums.filter((e) => enums.has(`${e.schema}.${e.name}`)),
    tables: live.tables.filter((t) => tables.has(`${t.schema}.${t.name}`)),
    ...routines(live, declared, (inLive, inDeclared) =>
      inLive.filter((x) => inDeclared.has(x.key)).map((x) => x.item),
    ),
    ...typesOf(live, declared, (l, declaredKeys) =>
      l.filter((x) => declaredKeys.has(`${x.schema}.${x.name}`)),
    ),
    ...(declared.views !== undefined
      ? {
          views: (live.views ?? []).filter((v) =>
            declared.views?.some((d) => d.schema === v.schema && d.name === v.name),
          ),
        }
      : {}),
    ...restrictedExtras(live, declared),
  };
}

/** `schema.name` of every declared sequence, and of what renamed ones were called before. */
function sequenceNames(declared: SchemaModel): Set<string> {
  return new Set(
    (declared.sequences ?? []).flatMap((q) => [
      `${q.schema}.${q.name}`,
      ...(q.renamedFrom !== undefined ? [`${q.schema}.${q.renamedFrom}`] : []),
    ]),
  );
}

/** Sequences and extensions of `live` that `declared` also has (absent when none). */
function restrictedExtras(live: SchemaModel, declared: SchemaModel): Partial<SchemaModel> {
  const seqs = sequenceNames(declared);
  const exts = new Set((declared.extensions ?? []).map((x) => x.name));
  const sequences = (live.sequences ?? []).filter((q) => seqs.has(`${q.schema}.${q.name}`));
  const extensions = (live.extensions ?? []).filter((x) => exts.has(x.name));
  return {
    ...(sequences.length ? { sequences } : {}),
    ...(extensions.length ? { extensions } : {}),
  };
}

/** Domains and composite types of `live` picked by `pick` against the declared ones (only when any exist). */
function typesOf(
  live: SchemaModel,
  declared: SchemaModel,
  pick: <T extends { schema: string; name: string }>(
    live: T[],
    declaredKeys: Set<string>,
    declared: T[],
  ) => T[],
): Pick<SchemaModel, "domains" | "compositeTypes"> {
  const keys = (xs: Array<{ schema: string; name: string }> = []) =>
    new Set(xs.map((x) => `${x.schema}.${x.name}`));
  const domains = pick(live.domains ?? [], keys(declared.domains), declared.domains ?? []);
  const compositeTypes = pick(
    live.compositeTypes ?? [],
    keys(declared.compositeTypes),
    declared.compositeTypes ?? [],
  );
  return { ...(domains.length ? { domains } : {}), ...(compositeTypes.length ? { compositeTypes } : {}) };
}

/**
 * Functions (by schema and name: a changed signature is the same declared function) and triggers
 * (by key) of live and declared, combined by `pick`; lists stay absent when both sides have none.
 */
function routines(
  live: SchemaModel,
  declared: SchemaModel,
  pick: <T>(live: Array<{ key: string; item: T }>, declaredKeys: Set<string>, declared: T[]) => T[],
): Pick<SchemaModel, "functions" | "triggers"> {
  const out: Pick<SchemaModel, "functions" | "triggers"> = {};
  const fnKey = (f: { schema: string; name: string }) => `${f.schema}.${f.name}`;
  const trKey = (t: { schema: string; table: string; name: string }) => `${t.schema}.${t.table}.${t.name}`;
  if (live.functions || declared.functions) {
    const d = declared.functions ?? [];
    out.functions = pick(
      (live.functions ?? []).map((item) => ({ key: fnKey(item), item })),
      new Set(d.map(fnKey)),
      structuredClone(d),
    );
  }
  if (live.triggers || declared.triggers) {
    const d = declared.triggers ?? [];
    out.triggers = pick(
      (live.triggers ?? []).map((item) => ({ key: trKey(item), item })),
      new Set(d.map(trKey)),
      structuredClone(d),
    );
  }
  return out;
}

/**
 * What the schema resources together make of a live database: every declared table and enum as
 * declared (renames taking the old object's place), everything undeclared left as it is. The
 * staging rehearsal applies this to a branch, so it runs the same changes an update will.
 */
export function mergeDeclared(live: SchemaModel, declared: SchemaModel): SchemaModel {
  const { tables: tableKeys, enums: enumKeys } = declaredNames(declared);
  const partitionKeys = new Set(
    declared.tables.flatMap((t) => (t.partitions ?? []).map((p) => `${t.schema}.${p.name}`)),
  );
  const declaredSequences = sequenceNames(declared);
  const extensionNames = new Set((declared.extensions ?? []).map((x) => x.name));
  const sequences = [
    ...(live.sequences ?? []).filter((q) => !declaredSequences.has(`${q.schema}.${q.name}`)),
    ...structuredClone(declared.sequences ?? []),
  ];
  const extensions = [
    ...(live.extensions ?? []).filter((x) => !extensionNames.has(x.name)),
    ...structuredClone(declared.extensions ?? []),
  ];
  return {
    ...(sequences.length ? { sequences } : {}),
    ...(extensions.length ? { extensions } : {}),
    version: declared.version,
    schemas: [...new Set([...live.schemas, ...declared.schemas])],
    // A declared schema has the declared comment (or none); others keep theirs.
    ...schemaCommentsOf(
      { ...live.schemaComments, ...declared.schemaComments },
      (s) => !declared.schemas.includes(s) || declared.schemaComments?.[s] !== undefined,
    ),
    enums: [
      ...live.enums.filter((e) => !enumKeys.has(`${e.schema}.${e.name}`)),
      ...structuredClone(declared.enums),
    ],
    tables: [
      // A live plain table the declaration has as a partition is not left alone as a table.
      ...live.tables.filter(
        (t) => !tableKeys.has(`${t.schema}.${t.name}`) && !partitionKeys.has(`${t.schema}.${t.name}`),
      ),
      ...structuredClone(declared.tables),
    ],
    // Access control of schemas and the roles the schema needs are declared as a whole.
    ...(declared.schemaAccess ? { schemaAccess: structuredClone(declared.schemaAccess) } : {}),
    ...(declared.roles ? { roles: structuredClone(declared.roles) } : {}),
    // Undeclared functions and triggers stay, like undeclared tables (hand-made triggers on a
    // declared table included: a program that never declared triggers keeps them).
    ...routines(live, declared, (inLive, inDeclared, own) => [
      ...inLive.filter((x) => !inDeclared.has(x.key)).map((x) => x.item),
      ...own,
    ]),
    ...typesOf(live, declared, (l, declaredKeys, d) => [
      ...l.filter((x) => !declaredKeys.has(`${x.schema}.${x.name}`)),
      ...structuredClone(d),
    ]),
    ...(declared.migrations ? { migrations: structuredClone(declared.migrations) } : {}),
  };
}
