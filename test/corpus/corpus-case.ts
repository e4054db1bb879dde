// One old/new schema pair of the convergence corpus. Cases are data built with small helpers, so
// each reads as "from this schema to that one".
import type {
  ColumnDeclaration,
  EnumDeclaration,
  SchemaSpec,
  TableDeclaration,
} from "../../core/model/declaration";
import type { ManagedScope } from "../../core/model/scope";
import type { SchemaModel } from "../../core/model/model";

export interface CorpusCase {
  name: string;
  old: SchemaSpec;
  new: SchemaSpec;
  /** Rows to insert after applying `old`, per table (`schema.table` or `table` for public). Default: generated rows. */
  rows?: Record<string, Array<Record<string, unknown>>>;
  /** The change deletes data: apply must refuse it without allowDataLoss, then converge with it. */
  destructive?: boolean;
  /** The change is one Postgres cannot make in place: planning must throw UnsupportedChangeError. */
  unsupported?: boolean;
  /** The managed scope both plans run with (e.g. schemas: a schema managed but no longer declared is dropped). */
  scope?: ManagedScope;
  /**
   * Output columns of views ("name type", in order) for the pure planner, which cannot derive
   * them from a query without Postgres: CREATE OR REPLACE is chosen only when it knows them.
   * Introspection reads the same from the catalog.
   */
  viewColumns?: { old?: Record<string, string[]>; new?: Record<string, string[]> };
}

/** `model` with the output columns of its views (public.name -> "col type") filled in. */
export function withViewColumns(model: SchemaModel, columns: Record<string, string[]> = {}): SchemaModel {
  for (const v of model.views ?? []) {
    const listed = columns[v.schema === "public" ? v.name : `${v.schema}.${v.name}`];
    if (!listed) continue;
    v.columns = listed.map((c) => {
      const space = c.indexOf(" ");
      return { name: c.slice(0, space), type: c.slice(space + 1) };
    });
  }
  return model;
}

export type Columns = Record<string, ColumnDeclaration>;

/** A spec with tables (and enums) in public, plus optional other schemas. */
export function spec(
  tables: Record<string, TableDeclaration>,
  enums: Record<string, EnumDeclaration> = {},
  others: SchemaSpec["schemas"] = {},
): SchemaSpec {
  return { schemas: { public: { tables, enums }, ...others } };
}

/** A table with an identity primary key `id` plus the given columns. */
export function withId(columns: Columns, extra: Omit<TableDeclaration, "columns"> = {}): TableDeclaration {
  return {
    columns: { id: { type: "bigint", identity: "by default", primaryKey: true }, ...columns },
    ...extra,
  };
}

/** old = one table t with `before` columns, new = same table with `after` columns. */
export function tableChange(
  name: string,
  before: TableDeclaration,
  after: TableDeclaration,
  options: Omit<CorpusCase, "name" | "old" | "new"> = {},
): CorpusCase {
  return { name, old: spec({ t: before }), new: spec({ t: after }), ...options };
}
