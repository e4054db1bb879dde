// Live catalog -> SchemaModel, in a fixed number of queries for the whole database.
import type {
  ColumnModel,
  ConstraintModel,
  EnumModel,
  IndexKey,
  IndexModel,
  IndexMethod,
  ReferentialAction,
  SchemaModel,
  TableModel,
} from "../model/model";
import type { CatalogDependency } from "../model/dependency";
import { normalizeExpression } from "../model/normalize-expression";
import { quoteQualified } from "../sql/quote";
import { TimeBudgetExceededError, isStatementTimeout, timeBudget } from "../pg/time-budget";
import {
  columnsQuery,
  constraintsQuery,
  dependenciesQuery,
  enumsQuery,
  indexesQuery,
  schemasQuery,
  tablesQuery,
  unmanagedQuery,
} from "./queries";
import { readTogether } from "./queryable";
import type { Queryable } from "./queryable";
import type { LiveAccess } from "../model/access";
import { introspectAccess } from "./access";
import { introspectFunctions } from "./functions";
import { introspectTriggers } from "./triggers";
import { compositeTypeFromRow, CompositeTypeRow, compositeTypesQuery } from "./composite-types";
import { domainFromRow, DomainRow, domainsQuery, notValidDomainChecks } from "./domains";
import { exclusionConstraintsQuery, exclusionFromRow, ExclusionRow } from "./exclusion";
import { PartitionedTableRow, partitionsFromRow, partitionsQuery } from "./partitions";
import { SequenceRow, sequenceFromRow, sequencesQuery } from "./sequence";
import { ExtensionRow, extensionFromRow, extensionsQuery } from "./extension";
import { liveSchemaComment } from "../model/schema";
import { readDataMoves } from "./data-moves";
import type { LiveDataMoves } from "../model/migration";
import { readViews } from "./views";

export interface UnmanagedObject {
  kind: string;
  schema: string;
  name: string;
}

/** What introspection found: the model plus what the planner and the user must know beside it. */
export interface LiveSchema {
  model: SchemaModel;
  /** Objects left alone (views, functions, triggers, policies, unlisted schemas...). */
  unmanaged: UnmanagedObject[];
  /** Keys (`constraint:schema.table.name`) of constraints added NOT VALID and not validated yet. */
  notValidConstraints: string[];
  /** INVALID indexes (left by failed concurrent builds); not in `model`, the planner drops them first. */
  invalidIndexes: InvalidIndex[];
  /**
   * Normal dependencies on the managed schemas' tables, columns, indexes and types (pg_depend and
   * pg_rewrite): the planner orders drops by them and refuses to break an unmanaged dependent.
   */
  dependencies: CatalogDependency[];
  /** Owners, grants, RLS, policies, default privileges and roles (core/model/access.ts): compared only where declared. */
  access?: LiveAccess;
  /** Interrupted backfills and one-off migrations run (absent when the database records none). */
  dataMoves?: LiveDataMoves;
}

export interface InvalidIndex {
  schema: string;
  table: string;
  name: string;
}

export interface IntrospectOptions {
  /** Schemas to manage; default: every schema that is not a system or extension schema. */
  schemas?: string[];
  /** statement_timeout of each catalog read (ms); default: the time budget's `catalogTimeoutMs`. */
  statementTimeoutMs?: number;
  /**
   * The caller holds a transaction open (a render in the shared scratch database reads back what
   * it created before rolling back): read inside it, under a savepoint, instead of in a snapshot of
   * its own (a BEGIN/COMMIT here would end the caller's transaction).
   */
  inTransaction?: boolean;
  /**
   * Told the managed schemas (the `model.schemas` of the result) as soon as they are read, before
   * the rest of the catalog: a render's read-back tells its caller which schemas to read on the
   * target, so both reads run at the same time (cli/commands/plan.ts).
   */
  onSchemas?: (schemas: string[]) => void;
}

const actions: Record<string, ReferentialAction> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

interface ColumnRow {
  schema: string;
  table: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  identity: "always" | "by default" | null;
  generated: string | null;
  collation: string | null;
  comment: string | null;
}

interface ConstraintRow {
  schema: string;
  table: string;
  name: string;
  type: "p" | "u" | "c" | "f";
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  initially_deferred: boolean;
  validated: boolean;
  nulls_not_distinct: boolean;
  definition: string | null;
  no_inherit: boolean;
  comment: string | null;
}

export interface IndexKeyRow {
  column: string | null;
  expression: string | null;
  key: boolean;
  desc: boolean | null;
  nullsFirst: boolean | null;
  opclass: string | null;
  collation: string | null;
}

export interface IndexRow {
  schema: string;
  table: string;
  name: string;
  method: IndexMethod;
  unique: boolean;
  nulls_not_distinct: boolean;
  valid: boolean;
  predicate: string | null;
  storage: string[] | null;
  comment: string | null;
  keys: IndexKeyRow[];
}

/** `CHECK ((a > 0)) NOT VALID` -> `(a > 0)` */
export function checkExpressionFromDefinition(definition: string): string {
  const body = definition.replace(/\s+NOT VALID$/, "").replace(/\s+NO INHERIT$/, "");
  const m = /^CHECK \((.*)\)$/s.exec(body);
  return normalizeExpression(m ? m[1] : body);
}

function toConstraint(r: ConstraintRow): ConstraintModel {
  const c = constraintShape(r);
  return r.comment !== null ? { ...c, comment: r.comment } : c;
}

function constraintShape(r: ConstraintRow): ConstraintModel {
  switch (r.type) {
    case "p":
      return { kind: "primaryKey", name: r.name, columns: r.columns };
    case "u":
      return {
        kind: "unique",
        name: r.name,
        columns: r.columns,
        nullsNotDistinct: r.nulls_not_distinct,
        deferrable: r.deferrable,
        initiallyDeferred: r.initially_deferred,
      };
    case "c":
      return {
        kind: "check",
        name: r.name,
        expression: checkExpressionFromDefinition(r.definition ?? ""),
        ...(r.no_inherit ? { noInherit: true as const } : {}),
      };
    case "f":
      return {
        kind: "foreignKey",
        name: r.name,
        columns: r.columns,
        references: { schema: r.ref_schema ?? "", table: r.ref_table ?? "", columns: r.ref_columns },
        onDelete: actions[r.on_delete] ?? "no action",
        onUpdate: actions[r.on_update] ?? "no action",
        deferrable: r.deferrable,
        initiallyDeferred: r.initially_deferred,
      };
  }
}

export function toIndexKey(k: IndexKeyRow): IndexKey {
  return {
    column: k.column,
    expression: k.column === null && k.expression !== null ? normalizeExpression(k.expression) : null,
    order: k.desc ? "desc" : "asc",
    nulls: k.nullsFirst ? "first" : "last",
    opclass: k.opclass,
    collation: k.collation,
  };
}

/** One row of the index query (core/introspect/queries.ts) -> the index, for tables and materialized views alike. */
export function indexFromRow(i: IndexRow): IndexModel {
  return {
    name: i.name,
    method: i.method,
    unique: i.unique,
    nullsNotDistinct: i.nulls_not_distinct,
    keys: i.keys.filter((k) => k.key).map(toIndexKey),
    include: i.keys.filter((k) => !k.key).map((k) => k.column ?? ""),
    where: i.predicate === null ? null : normalizeExpression(i.predicate),
    ...(i.storage?.length ? { with: storageParameters(i.storage) } : {}),
    ...(i.comment !== null ? { comment: i.comment } : {}),
  };
}

/** reloptions (`{fillfactor=70}`) -> { fillfactor: "70" } */
function storageParameters(options: string[]): Record<string, string> {
  return Object.fromEntries(
    options.map((o) => {
      const eq = o.indexOf("=");
      return [o.slice(0, eq), o.slice(eq + 1)];
    }),
  );
}

/**
 * Dependencies whose dependent is part of a managed object the model holds whole: a partition's
 * columns, constraints and indexes belong to its partitioned table (Postgres keeps them in step),
 * a composite type's attributes to the type. Named as their owner, they are managed, not blockers.
 */
function asOwnersDependencies(dependencies: CatalogDependency[], model: SchemaModel): CatalogDependency[] {
  const owner = new Map<string, string>();
  for (const t of model.tables)
    for (const p of t.partitions ?? []) owner.set(`${t.schema}.${p.name}`, `${t.schema}.${t.name}`);
  const composite = new Set((model.compositeTypes ?? []).map((c) => `${c.schema}.${c.name}`));
  // A domain or composite type that depends on another type (its base type, an attribute's type)
  // comes out of the catalog as `object:type schema.name`.
  const types = new Map(
    [...(model.domains ?? []), ...(model.compositeTypes ?? [])].map((t) => [
      `object:type ${quoteQualified(t.schema, t.name)}`,
      `type:${t.schema}.${t.name}`,
    ]),
  );
  // A domain's check comes out as `object:constraint name` (the catalog names no owner): it is
  // the domain's when exactly one managed domain has a check of that name.
  const checkOwners = new Map<string, string[]>();
  for (const d of model.domains ?? [])
    for (const c of d.checks) {
      const key = `object:constraint ${c.name}`;
      checkOwners.set(key, [...(checkOwners.get(key) ?? []), `type:${d.schema}.${d.name}`]);
    }
  for (const [key, owners] of checkOwners) if (owners.length === 1) types.set(key, owners[0]);
  if (!owner.size && !composite.size && !types.size) return dependencies;
  return dependencies.map((d) => {
    const type = types.get(d.dependent);
    if (type) return { ...d, dependent: type };
    const m = /^(column|constraint|index|relation):([^.]+)\.([^.]+)(\..*)?$/.exec(d.dependent);
    if (!m) return d;
    const [, kind, schema, name, rest] = m;
    if (kind === "relation" && composite.has(`${schema}.${name}`))
      return { ...d, dependent: `type:${schema}.${name}` };
    const parent = owner.get(`${schema}.${name}`);
    if (!parent) return d;
    return { ...d, dependent: kind === "column" ? `column:${parent}${rest ?? ""}` : `table:${parent}` };
  });
}

/**
 * Reads the managed schemas of a live database. Runs in one REPEATABLE READ snapshot with an empty
 * search_path, so names in types and expressions come out schema-qualified and stable.
 */
export async function introspect(client: Queryable, options: IntrospectOptions = {}): Promise<LiveSchema> {
  const statementTimeoutMs = options.statementTimeoutMs ?? timeBudget().catalogTimeoutMs;
  const nested = options.inTransaction ?? false;
  // Rolling back to the savepoint also restores the caller's search_path and statement_timeout.
  const undo = "rollback to savepoint schemastack_introspect; release savepoint schemastack_introspect";
  const [open, close, abort] = nested
    ? ["savepoint schemastack_introspect", undo, undo]
    : ["begin isolation level repeatable read read only", "commit", "rollback"];
  await client.query(open);
  try {
    // The settings are local to this read-only transaction: the caller's session keeps its own.
    // No parallel workers: every catalog read is small, and starting workers cost more than the
    // read (a render's scratch database, whose catalogs grow with the rows rolled-back renders
    // leave, had the planner start them for the access query: 11 ms instead of 3).
    const [, schemaRows] = await readTogether(client, [
      () =>
        client.query(
          "select pg_catalog.set_config('search_path', '', true), pg_catalog.set_config('statement_timeout', $1, true), " +
            "pg_catalog.set_config('max_parallel_workers_per_gather', '0', true)",
          [`${statementTimeoutMs}ms`],
        ),
      () => client.query<{ name: string; comment: string | null }>(schemasQuery),
    ]);
    const allSchemas = schemaRows.rows.map((r) => r.name);
    const schemas = options.schemas ? [...options.schemas] : allSchemas;
    const present = schemas.filter((s) => allSchemas.includes(s));
    options.onSchemas?.([...present]);
    const p = [present];
    const rows =
      <R extends object>(query: string) =>
      async () =>
        (await client.query<R>(query, p)).rows;
    const [
      enums,
      tables,
      columns,
      constraints,
      indexes,
      unmanaged,
      sequenceRows,
      extensions,
      dependencyRows,
      views,
      access,
      routines,
      triggers,
      dataMoves,
      domains,
      compositeTypes,
      partitioned,
      exclusions,
    ] = await readTogether(client, [
      rows<Omit<EnumModel, "renamedFrom" | "renamedValues">>(enumsQuery),
      rows<{ schema: string; name: string; unlogged: boolean; comment: string | null }>(tablesQuery),
      rows<ColumnRow>(columnsQuery),
      rows<ConstraintRow>(constraintsQuery),
      rows<IndexRow>(indexesQuery),
      rows<UnmanagedObject>(unmanagedQuery),
      rows<SequenceRow>(sequencesQuery),
      rows<ExtensionRow>(extensionsQuery),
      rows<CatalogDependency>(dependenciesQuery),
      () => readViews(client, p),
      () => introspectAccess(client, present),
      () => introspectFunctions(client, present),
      () => introspectTriggers(client, present),
      () => readDataMoves(client),
      rows<DomainRow>(domainsQuery),
      rows<CompositeTypeRow>(compositeTypesQuery),
      rows<PartitionedTableRow>(partitionsQuery),
      rows<ExclusionRow>(exclusionConstraintsQuery),
    ]);
    const sequences = sequenceRows.map(sequenceFromRow);
    const dependencies = dependencyRows.filter((d) => d.dependent !== d.referenced);
    await client.query(close);

    const byTable = new Map<string, TableModel>();
    const model: SchemaModel = {
      version: null,
      schemas: present,
      enums: enums.map((e) => ({ ...e, renamedFrom: null, renamedValues: {} })),
      tables: tables.map((t) => {
        const table: TableModel = { ...t, renamedFrom: null, columns: [], constraints: [], indexes: [] };
        byTable.set(`${t.schema}.${t.name}`, table);
        return table;
      }),
      // Only when present, like a declaration without them.
      ...(routines.functions.length ? { functions: routines.functions } : {}),
      ...(triggers.length ? { triggers } : {}),
      ...(domains.length ? { domains: domains.map(domainFromRow) } : {}),
      ...(compositeTypes.length ? { compositeTypes: compositeTypes.map(compositeTypeFromRow) } : {}),
      // Only when present: a schema without them keeps the model (and fingerprint) it always had.
      ...(sequences.length ? { sequences } : {}),
      ...(extensions.length ? { extensions: extensions.map(extensionFromRow) } : {}),
    };
    const schemaComments = schemaRows.rows.flatMap((r) => {
      const comment = present.includes(r.name) ? liveSchemaComment(r.name, r.comment) : null;
      return comment === null ? [] : [[r.name, comment] as const];
    });
    if (schemaComments.length) model.schemaComments = Object.fromEntries(schemaComments);
    for (const c of columns) {
      const column: ColumnModel = {
        name: c.name,
        type: c.type,
        nullable: c.nullable,
        default: c.default === null ? null : normalizeExpression(c.default),
        identity: c.identity,
        generated: c.generated === null ? null : normalizeExpression(c.generated),
        collation: c.collation,
        comment: c.comment,
        renamedFrom: null,
      };
      byTable.get(`${c.schema}.${c.table}`)?.columns.push(column);
    }
    // Omitted when empty, so a database without views keeps its shape and fingerprint.
    if (views.length) model.views = views;
    const notValidConstraints: string[] = notValidDomainChecks(domains);
    for (const c of constraints) {
      byTable.get(`${c.schema}.${c.table}`)?.constraints.push(toConstraint(c));
      if (!c.validated) notValidConstraints.push(`constraint:${c.schema}.${c.table}.${c.name}`);
    }
    const unmanagedPartitions: UnmanagedObject[] = [];
    for (const r of partitioned) {
      const table = byTable.get(`${r.schema}.${r.name}`);
      if (!table) continue;
      const { partitions, unmanaged: left } = partitionsFromRow(r);
      table.partitionBy = r.partition_by;
      table.partitions = partitions;
      unmanagedPartitions.push(...left);
    }
    for (const x of exclusions) {
      const table = byTable.get(`${x.schema}.${x.table}`);
      if (!table) continue;
      table.constraints.push(exclusionFromRow(x));
      // Name order, as the constraints query returns the others (plans keep input order on ties).
      table.constraints.sort((l, r) => (l.name < r.name ? -1 : l.name > r.name ? 1 : 0));
    }
    const invalidIndexes: InvalidIndex[] = [];
    for (const i of indexes) {
      if (!i.valid) {
        invalidIndexes.push({ schema: i.schema, table: i.table, name: i.name });
        continue;
      }
      byTable.get(`${i.schema}.${i.table}`)?.indexes.push(indexFromRow(i));
    }
    const ownedDependencies = asOwnersDependencies(dependencies, model).filter(
      (d) => d.dependent !== d.referenced,
    );
    const otherSchemas = allSchemas
      .filter((s) => !schemas.includes(s))
      .map((s) => ({ kind: "schema", schema: s, name: s }));
    return {
      model,
      unmanaged: [...otherSchemas, ...unmanaged, ...unmanagedPartitions],
      notValidConstraints,
      invalidIndexes,
      dependencies: [...ownedDependencies, ...routines.dependencies],
      access,
      ...(dataMoves ? { dataMoves } : {}),
    };
  } catch (e) {
    await client.query(abort).catch(() => undefined);
    if (isStatementTimeout(e))
      throw new TimeBudgetExceededError("reading the catalog", "catalogTimeoutMs", statementTimeoutMs, e);
    throw e;
  }
}
