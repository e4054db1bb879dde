// What objects depend on, as object keys: from the model for managed objects (a foreign key needs
// the referenced table, its columns and the unique key behind them; a column needs its enum type;
// an index needs its columns) and from pg_depend/pg_rewrite for everything else (introspection's
// `dependencies`). Steps declare `needs` from the desired model; drops are ordered by the live one.
import type { CatalogDependency } from "../model/dependency";
import type { ConstraintModel, ForeignKeyConstraint, SchemaModel, TableModel } from "../model/model";
import { exclusionColumns } from "../model/exclusion";
import { triggerKey } from "../model/trigger";
import { quoteQualified } from "../sql/quote";
import {
  columnKey,
  constraintKey,
  enumKey,
  extensionKey,
  indexKey,
  schemaKey,
  sequenceKey,
  tableKey,
} from "./keys";
import { extensionTypeKeys } from "./plan-extensions";

export type { CatalogDependency };

/** Maps a column type as the model spells it (`public.mood`, `public.mood[]`) to its type key. */
export type TypeKeyOf = (type: string) => string | null;

export function typeKeys(...models: SchemaModel[]): TypeKeyOf {
  const keys = new Map<string, string>();
  for (const m of models) {
    for (const e of m.enums) keys.set(quoteQualified(e.schema, e.name), enumKey(e.schema, e.name));
    // Domains and composite types share the `type:` key the catalog's dependencies use.
    for (const t of [...(m.domains ?? []), ...(m.compositeTypes ?? [])])
      keys.set(quoteQualified(t.schema, t.name), `type:${t.schema}.${t.name}`);
    for (const [type, key] of extensionTypeKeys(m)) keys.set(type, key);
  }
  return (type) => keys.get(type.replace(/(\[\])+$/, "")) ?? null;
}

/** Keys of a table's parts: dropping the table drops all of them. */
export function tableChildKeys(t: TableModel): string[] {
  const keys = t.columns.map((c) => columnKey(t.schema, t.name, c.name));
  for (const c of t.constraints) keys.push(...constraintKeys(t, c));
  for (const i of t.indexes) keys.push(indexKey(t.schema, t.name, i.name));
  for (const p of t.partitions ?? []) keys.push(tableKey(t.schema, p.name));
  return keys;
}

/** A primary key or unique constraint is also the index behind it (one relation name). */
export function constraintKeys(t: TableModel, c: ConstraintModel): string[] {
  const key = constraintKey(t.schema, t.name, c.name);
  return c.kind === "primaryKey" || c.kind === "unique" || c.kind === "exclusion"
    ? [key, indexKey(t.schema, t.name, c.name)]
    : [key];
}

const sameColumns = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

/** The key (constraint or unique index) of `table` a foreign key on `columns` relies on. */
export function uniqueKeyOf(table: TableModel, columns: readonly string[]): string | null {
  const c = table.constraints.find(
    (x) => (x.kind === "primaryKey" || x.kind === "unique") && sameColumns(x.columns, columns),
  );
  if (c) return constraintKey(table.schema, table.name, c.name);
  const i = table.indexes.find(
    (x) =>
      x.unique &&
      x.where === null &&
      x.keys.every((k) => k.column !== null) &&
      sameColumns(
        x.keys.map((k) => k.column as string),
        columns,
      ),
  );
  return i ? indexKey(table.schema, table.name, i.name) : null;
}

/** What a foreign key uses: the referenced table, its columns and unique key (if that table is modelled). */
export function foreignKeyNeeds(fk: ForeignKeyConstraint, tables: ReadonlyMap<string, TableModel>): string[] {
  const { schema, table, columns } = fk.references;
  const needs = [tableKey(schema, table), ...columns.map((c) => columnKey(schema, table, c))];
  const target = tables.get(`${schema}.${table}`);
  const unique = target ? uniqueKeyOf(target, columns) : null;
  if (unique) needs.push(unique);
  return needs;
}

/** What a constraint of `t` uses, besides its table. */
export function constraintNeeds(
  t: TableModel,
  c: ConstraintModel,
  tables: ReadonlyMap<string, TableModel>,
): string[] {
  if (c.kind === "check") return [tableKey(t.schema, t.name)];
  if (c.kind === "exclusion")
    return [tableKey(t.schema, t.name), ...exclusionColumns(c).map((n) => columnKey(t.schema, t.name, n))];
  const own = [tableKey(t.schema, t.name), ...c.columns.map((n) => columnKey(t.schema, t.name, n))];
  return c.kind === "foreignKey" ? [...own, ...foreignKeyNeeds(c, tables)] : own;
}

export function tablesByKey(model: SchemaModel): Map<string, TableModel> {
  return new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));
}

/**
 * Live object key -> keys it depends on: managed objects from the model, anything else from the
 * catalog. Used to drop dependents before what they depend on.
 */
export function liveDependencies(
  model: SchemaModel,
  catalog: readonly CatalogDependency[] = [],
): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  const add = (key: string, on: string[]) => {
    const list = deps.get(key);
    if (list) list.push(...on);
    else deps.set(key, [...on]);
  };
  const tables = tablesByKey(model);
  const typeKeyOf = typeKeys(model);
  for (const e of model.enums) add(enumKey(e.schema, e.name), [schemaKey(e.schema)]);
  // A domain needs its base type, a composite type its attributes' types.
  for (const d of model.domains ?? [])
    add(`type:${d.schema}.${d.name}`, [schemaKey(d.schema), ...[typeKeyOf(d.type)].flatMap((k) => k ?? [])]);
  for (const c of model.compositeTypes ?? [])
    add(`type:${c.schema}.${c.name}`, [
      schemaKey(c.schema),
      ...c.attributes.flatMap((a) => typeKeyOf(a.type) ?? []),
    ]);
  for (const q of model.sequences ?? []) add(sequenceKey(q.schema, q.name), [schemaKey(q.schema)]);
  for (const x of model.extensions ?? []) add(extensionKey(x.name), [schemaKey(x.schema)]);
  for (const t of model.tables) {
    add(tableKey(t.schema, t.name), [schemaKey(t.schema)]);
    for (const c of t.columns) {
      const type = typeKeyOf(c.type);
      if (type) add(columnKey(t.schema, t.name, c.name), [type]);
    }
    for (const c of t.constraints) {
      const needs = constraintNeeds(t, c, tables);
      for (const k of constraintKeys(t, c)) add(k, needs);
    }
    for (const i of t.indexes) {
      add(
        indexKey(t.schema, t.name, i.name),
        i.keys.flatMap((k) => (k.column !== null ? [columnKey(t.schema, t.name, k.column)] : [])),
      );
    }
  }
  // A trigger uses its table, its UPDATE OF columns and its function.
  for (const t of model.triggers ?? [])
    add(triggerKey(t), [
      tableKey(t.schema, t.table),
      ...t.updateOf.map((c) => columnKey(t.schema, t.table, c)),
      `function:${t.function.schema}.${t.function.name}()`,
    ]);
  for (const d of catalog) add(d.dependent, [d.referenced]);
  return deps;
}
