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
