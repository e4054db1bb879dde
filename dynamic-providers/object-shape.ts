// How a table, an enum type or a view is written into its resource's inputs: collections keyed by name
// (never arrays), so `pulumi preview --diff` shows property paths such as `columns.phone.type` and
// never compares a column with whichever one used to sit at the same position.
import type { CompositeTypeModel } from "../core/model/composite-type";
import type { DomainModel } from "../core/model/domain";
import type {
  ColumnModel,
  ConstraintModel,
  EnumModel,
  ExtensionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from "../core/model/model";
import { AccessProps, accessFields, accessPart, accessProps } from "./access-shape";
import type { FunctionProps, TriggerProps } from "./routine-shape";
import type { ViewModel } from "../core/model/view";

export type ColumnProps = Omit<ColumnModel, "name" | "renamedFrom">;
export type ConstraintProps = DistributiveOmit<ConstraintModel, "name">;
export type IndexProps = Omit<IndexModel, "name">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A column, constraint or index as written into a resource: only what differs from Postgres'
 * defaults (no nulls, `nullable` only when false, a plain index key as its column name), because
 * `preview --diff` prints every unchanged property of a changed table and a reviewer should see
 * the declaration, not the model's padding. `expand*` restores the full form for comparisons.
 */
export type CompactChild = Record<string, unknown>;

/** A table as one resource declares it (renames are migration hints and live on the plan resource). */
export interface TableProps extends AccessProps {
  /**
   * true, or null (the default, which `preview --diff` then does not print). Absent from a table
   * resource's inputs unless declared, as `comment` (components/table.ts).
   */
  unlogged?: boolean | null;
  comment?: string | null;
  columns: Record<string, CompactChild>;
  constraints: Record<string, CompactChild>;
  indexes: Record<string, CompactChild>;
  /** Partitioned tables only (absent otherwise, so other tables' inputs stay as they were). */
  partitionBy?: string;
  partitions?: Record<string, { bound: string; comment: string | null }>;
}

/** The same, every property present (what comparisons and the planner's models use). */
export interface FullTableProps extends AccessProps {
  unlogged: boolean;
  comment: string | null;
  columns: Record<string, ColumnProps>;
  constraints: Record<string, ConstraintProps>;
  indexes: Record<string, IndexProps>;
  partitionBy?: string;
  partitions?: Record<string, { bound: string; comment: string | null }>;
}

export interface EnumProps extends AccessProps {
  values: string[];
  comment: string | null;
}

/** A domain as its resource declares it: checks keyed by name. */
export interface DomainProps extends AccessProps {
  type: string;
  nullable: boolean;
  default: string | null;
  collation: string | null;
  checks: Record<string, string>;
  comment: string | null;
}

/** A composite type: attributes in order (the order is part of the type). */
export interface CompositeTypeProps extends AccessProps {
  attributes: Array<{ name: string; type: string; collation: string | null }>;
  comment: string | null;
}

export function domainProps(d: DomainModel): DomainProps {
  return {
    type: d.type,
    nullable: d.nullable,
    default: d.default,
    collation: d.collation,
    checks: Object.fromEntries(d.checks.map((c) => [c.name, c.expression])),
    comment: d.comment,
    ...accessProps(d),
  };
}

export function compositeTypeProps(t: CompositeTypeModel): CompositeTypeProps {
  return { attributes: t.attributes.map((a) => ({ ...a })), comment: t.comment, ...accessProps(t) };
}

export function findDomain(model: SchemaModel, schema: string, name: string): DomainModel | undefined {
  return model.domains?.find((d) => d.schema === schema && d.name === name);
}

export function findCompositeType(
  model: SchemaModel,
  schema: string,
  name: string,
): CompositeTypeModel | undefined {
  return model.compositeTypes?.find((t) => t.schema === schema && t.name === name);
}

function partitionProps(t: { partitionBy?: string; partitions?: TableModel["partitions"] }) {
  return t.partitionBy === undefined
    ? {}
    : {
        partitionBy: t.partitionBy,
        partitions: Object.fromEntries(
          (t.partitions ?? []).map((p) => [p.name, { bound: p.bound, comment: p.comment }]),
        ),
      };
}

/** A sequence's options as its resource declares them (bounds as decimal text: bigint-safe). */
export type SequenceProps = Omit<SequenceModel, "schema" | "name" | "renamedFrom">;

/** An extension (its schema is the resource's `schema`); version null: the server's default. */
export interface ExtensionProps {
  version: string | null;
  /** Only when declared (or, live, not the extension's own comment): see ExtensionModel. */
  comment?: string | null;
}

export function sequenceProps(q: SequenceModel): SequenceProps {
  // A rename is a migration hint: the resource's alias, not one of its properties.
  const { schema: _schema, name: _name, renamedFrom: _renamedFrom, ...props } = q;
  return { ...props, ownedBy: props.ownedBy ? { ...props.ownedBy } : null };
}

export function extensionProps(x: ExtensionModel): ExtensionProps {
  return { version: x.version, ...(x.comment !== undefined ? { comment: x.comment } : {}) };
}

export function findSequence(model: SchemaModel, schema: string, name: string): SequenceModel | undefined {
  return model.sequences?.find((q) => q.schema === schema && q.name === name);
}

export function findExtension(model: SchemaModel, name: string): ExtensionModel | undefined {
  return model.extensions?.find((x) => x.name === name);
}
/** A view or materialized view as its resource declares it (indexes compact, keyed by name). */
export interface ViewProps extends AccessProps {
  materialized: boolean;
  /** The query as Postgres prints it (rendered), so whitespace never shows as a change. */
  query: string;
  securityBarrier: boolean;
  securityInvoker: boolean;
  checkOption: string | null;
  indexes: Record<string, CompactChild>;
  comment: string | null;
}

export type ObjectProps =
  | TableProps
  | EnumProps
  | ViewProps
  | SequenceProps
  | ExtensionProps
  | DomainProps
  | CompositeTypeProps
  | FunctionProps
  | TriggerProps;

function keyed<T extends { name: string }, R>(items: readonly T[], shape: (item: T) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const item of items) out[item.name] = shape(item);
  return out;
}

function without(value: Record<string, unknown>, defaults: Record<string, unknown>): CompactChild {
  const out: CompactChild = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (key in defaults && JSON.stringify(defaults[key]) === JSON.stringify(v)) continue;
    out[key] = v;
  }
  return out;
}

const columnDefaults: ColumnProps = {
  type: "",
  nullable: true,
  default: null,
  identity: null,
  generated: null,
  collation: null,
  comment: null,
};
const constraintDefaults: Record<string, Record<string, unknown>> = {
  primaryKey: {},
  check: {},
  unique: { nullsNotDistinct: false, deferrable: false, initiallyDeferred: false },
  foreignKey: { onDelete: "no action", onUpdate: "no action", deferrable: false, initiallyDeferred: false },
};
const indexDefaults = { method: "btree", unique: false, nullsNotDistinct: false, include: [], where: null };
const keyDefaults = (order: unknown) => ({
  column: null,
  expression: null,
  order: "asc",
  nulls: order === "desc" ? "first" : "last",
  opclass: null,
  collation: null,
});

export function compactColumn(c: ColumnProps): CompactChild {
  return without(
    c as unknown as Record<string, unknown>,
    columnDefaults as unknown as Record<string, unknown>,
  );
}
export function expandColumn(c: CompactChild): ColumnProps {
  return { ...columnDefaults, ...c } as ColumnProps;
}
export function compactConstraint(c: ConstraintProps): CompactChild {
  return without(c as unknown as Record<string, unknown>, constraintDefaults[c.kind] ?? {});
}
export function expandConstraint(c: CompactChild): ConstraintProps {
  return { ...(constraintDefaults[String(c.kind)] ?? {}), ...c } as unknown as ConstraintProps;
}
export function compactIndex(i: IndexProps): CompactChild {
  const keys = i.keys.map((k) => {
    const rest = without(k as unknown as Record<string, unknown>, keyDefaults(k.order));
    return Object.keys(rest).length === 1 && typeof rest.column === "string" ? rest.column : rest;
  });
  return { ...without({ ...i, keys: null } as unknown as Record<string, unknown>, indexDefaults), keys };
}
export function expandIndex(i: CompactChild): IndexProps {
  const keys = ((i.keys as unknown[]) ?? []).map((k) =>
    typeof k === "string"
      ? { ...keyDefaults("asc"), column: k }
      : { ...keyDefaults((k as { order?: unknown }).order ?? "asc"), ...(k as object) },
  );
  return { ...indexDefaults, ...i, keys } as unknown as IndexProps;
}

/** The full keyed form of a table. */
export function keyedTable(t: TableModel): FullTableProps {
  return {
    unlogged: t.unlogged,
    comment: t.comment,
    // Data-move hints (backfill, using) say how data gets there, not what the table is.
    columns: keyed(t.columns, ({ name: _n, renamedFrom: _r, backfill: _b, using: _u, ...c }) => c),
    constraints: keyed(t.constraints, ({ name: _n, ...c }) => c as ConstraintProps),
    indexes: keyed(t.indexes, ({ name: _n, ...i }) => i),
    ...accessProps(t),
    ...partitionProps(t),
  };
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, f(v)]));

/** A table as its resource's inputs carry it (compact children). */
export function tableProps(t: TableModel): TableProps {
  return compactTable(keyedTable(t));
}

export function compactTable(t: FullTableProps): TableProps {
  return {
    unlogged: t.unlogged || null,
    comment: t.comment,
    columns: mapValues(t.columns, compactColumn),
    constraints: mapValues(t.constraints, compactConstraint),
    indexes: mapValues(t.indexes, compactIndex),
    ...accessPart(t),
    ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy, partitions: t.partitions ?? {} } : {}),
  };
}

export function expandTable(t: TableProps): FullTableProps {
  return {
    unlogged: t.unlogged ?? false,
    comment: t.comment ?? null,
    columns: mapValues(t.columns, expandColumn),
    constraints: mapValues(t.constraints, expandConstraint),
    indexes: mapValues(t.indexes, expandIndex),
    ...accessPart(t),
    ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy, partitions: t.partitions ?? {} } : {}),
  };
}

export function enumProps(e: EnumModel): EnumProps {
  return { values: [...e.values], comment: e.comment, ...accessProps(e) };
}

export function viewProps(v: ViewModel): ViewProps {
  return {
    materialized: v.materialized,
    query: v.definition,
    securityBarrier: v.options.securityBarrier,
    securityInvoker: v.options.securityInvoker,
    checkOption: v.options.checkOption,
    indexes: mapValues(
      keyed(v.indexes, ({ name: _n, ...i }) => i),
      compactIndex,
    ),
    comment: v.comment,
    ...accessProps(v),
  };
}

export function findView(model: SchemaModel, schema: string, name: string): ViewModel | undefined {
  return model.views?.find((v) => v.schema === schema && v.name === name);
}

export function findTable(model: SchemaModel, schema: string, name: string): TableModel | undefined {
  return model.tables.find((t) => t.schema === schema && t.name === name);
}

export function findEnum(model: SchemaModel, schema: string, name: string): EnumModel | undefined {
  return model.enums.find((e) => e.schema === schema && e.name === name);
}

/** A table model from its resource properties, columns in `base`'s order (then any others). */
export function tableFromProps(base: TableModel, props: FullTableProps): TableModel {
  const order = [...base.columns.map((c) => c.name), ...Object.keys(props.columns)];
  const columns = [...new Set(order)]
    .filter((name) => props.columns[name])
    .map((name) => {
      const renamedFrom = base.columns.find((c) => c.name === name)?.renamedFrom ?? null;
      return { name, ...props.columns[name], renamedFrom };
    });
  return {
    ...base,
    unlogged: props.unlogged,
    comment: props.comment,
    columns,
    constraints: Object.entries(props.constraints).map(([name, c]) => ({ name, ...c }) as ConstraintModel),
    indexes: Object.entries(props.indexes).map(([name, i]) => ({ name, ...i })),
    ...accessFields(props),
  };
}

/**
 * What a table resource's `ignoreChanges` means for the plan: the ignored properties (paths as
 * Pulumi writes them, e.g. `columns.notes` or `columns.notes.default`) keep their live value,
 * so the migration leaves them as they are. Absent from the database: the declaration stands.
 */
export function keepLiveProperties(
  live: SchemaModel,
  desired: SchemaModel,
  ignored: Record<string, string[]>,
): SchemaModel {
  if (Object.keys(ignored).length === 0) return desired;
  return {
    ...desired,
    tables: desired.tables.map((d) => {
      const paths = ignored[`${d.schema}.${d.name}`];
      const l =
        paths &&
        (findTable(live, d.schema, d.name) ??
          (d.renamedFrom ? findTable(live, d.schema, d.renamedFrom) : undefined));
      if (!paths || !l) return d;
      // Paths name the resource's properties; the full form has the same keys (and every one of them).
      const props = structuredClone(keyedTable(d)) as unknown as Record<string, unknown>;
      const liveProps = keyedTable(l) as unknown as Record<string, unknown>;
      for (const path of paths) {
        const keys = path.split(".");
        let from: unknown = liveProps;
        for (const k of keys)
          from = from && typeof from === "object" ? (from as Record<string, unknown>)[k] : undefined;
        if (from === undefined) continue;
        let to = props;
        for (const k of keys.slice(0, -1)) to = (to[k] ??= {}) as Record<string, unknown>;
        to[keys[keys.length - 1]] = structuredClone(from);
      }
      return tableFromProps(d, props as unknown as FullTableProps);
    }),
  };
}
