// How a table or an enum type is written into its resource's inputs: collections keyed by name
// (never arrays), so `pulumi preview --diff` shows property paths such as `columns.phone.type` and
// never compares a column with whichever one used to sit at the same position.
import type {
  ColumnModel,
  ConstraintModel,
  EnumModel,
  IndexModel,
  SchemaModel,
  TableModel,
} from "../core/model/model";

export type ColumnProps = Omit<ColumnModel, "name" | "renamedFrom">;
export type ConstraintProps = DistributiveOmit<ConstraintModel, "name">;
export type IndexProps = Omit<IndexModel, "name">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A table as one resource declares it (renames are migration hints and live on the plan resource). */
export interface TableProps {
  unlogged: boolean;
  comment: string | null;
  columns: Record<string, ColumnProps>;
  constraints: Record<string, ConstraintProps>;
  indexes: Record<string, IndexProps>;
}

export interface EnumProps {
  values: string[];
  comment: string | null;
}

export type ObjectProps = TableProps | EnumProps;

function keyed<T extends { name: string }, R>(items: readonly T[], shape: (item: T) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const item of items) out[item.name] = shape(item);
  return out;
}

export function tableProps(t: TableModel): TableProps {
  return {
    unlogged: t.unlogged,
    comment: t.comment,
    columns: keyed(t.columns, ({ name: _n, renamedFrom: _r, ...c }) => c),
    constraints: keyed(t.constraints, ({ name: _n, ...c }) => c as ConstraintProps),
    indexes: keyed(t.indexes, ({ name: _n, ...i }) => i),
  };
}

export function enumProps(e: EnumModel): EnumProps {
  return { values: [...e.values], comment: e.comment };
}

export function findTable(model: SchemaModel, schema: string, name: string): TableModel | undefined {
  return model.tables.find((t) => t.schema === schema && t.name === name);
}

export function findEnum(model: SchemaModel, schema: string, name: string): EnumModel | undefined {
  return model.enums.find((e) => e.schema === schema && e.name === name);
}

/** A table model from its resource properties, columns in `base`'s order (then any others). */
export function tableFromProps(base: TableModel, props: TableProps): TableModel {
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
      const props = structuredClone(tableProps(d)) as unknown as Record<string, unknown>;
      const liveProps = tableProps(l) as unknown as Record<string, unknown>;
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
      return tableFromProps(d, props as unknown as TableProps);
    }),
  };
}
