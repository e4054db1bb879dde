// Renders model objects as DDL fragments. Identifiers always go through quoteIdent; expressions and
// types come from the validated model (types are normalised, expressions are the declared SQL).
import type { ColumnModel, ConstraintModel, IndexKey, IndexModel, TableModel } from "../model/model";
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from "../sql/quote";

export const qualified = quoteQualified;

/** Collation names may be schema-qualified ("public.mycoll"); quote each part. */
export function quoteCollation(name: string): string {
  const dot = name.indexOf(".");
  return dot > 0 ? quoteQualified(name.slice(0, dot), name.slice(dot + 1)) : quoteIdent(name);
}

export function columnDefinition(c: ColumnModel): string {
  const parts = [quoteIdent(c.name), c.type];
  if (c.collation !== null) parts.push(`COLLATE ${quoteCollation(c.collation)}`);
  if (c.identity !== null)
    parts.push(`GENERATED ${c.identity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`);
  if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (!c.nullable) parts.push("NOT NULL");
  return parts.join(" ");
}

function deferral(c: { deferrable: boolean; initiallyDeferred: boolean }): string {
  if (!c.deferrable) return "";
  return c.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

/** The constraint clause after `CONSTRAINT name`. */
export function constraintBody(c: ConstraintModel): string {
  switch (c.kind) {
    case "primaryKey":
      return `PRIMARY KEY (${quoteIdentList(c.columns)})`;
    case "unique":
      return `UNIQUE${c.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} (${quoteIdentList(c.columns)})${deferral(c)}`;
    case "check":
      return `CHECK (${c.expression})${c.noInherit ? " NO INHERIT" : ""}`;
    case "foreignKey":
      return (
        `FOREIGN KEY (${quoteIdentList(c.columns)}) REFERENCES ${qualified(c.references.schema, c.references.table)} ` +
        `(${quoteIdentList(c.references.columns)}) ON UPDATE ${c.onUpdate.toUpperCase()} ON DELETE ${c.onDelete.toUpperCase()}` +
        deferral(c)
      );
    case "exclusion": {
      const elements = c.elements.map(
        (e) => `${e.column !== null ? quoteIdent(e.column) : `(${e.expression})`} WITH ${e.operator}`,
      );
      return (
        `EXCLUDE USING ${c.method} (${elements.join(", ")})` +
        (c.where !== null ? ` WHERE (${c.where})` : "") +
        deferral(c)
      );
    }
  }
}

export function constraintDefinition(c: ConstraintModel): string {
  return `CONSTRAINT ${quoteIdent(c.name)} ${constraintBody(c)}`;
}

function indexKeySql(k: IndexKey): string {
  const parts = [k.column !== null ? quoteIdent(k.column) : `(${k.expression})`];
  if (k.collation !== null) parts.push(`COLLATE ${quoteCollation(k.collation)}`);
  if (k.opclass !== null) parts.push(quoteCollation(k.opclass));
  if (k.order === "desc") parts.push("DESC");
  const defaultNulls = k.order === "desc" ? "first" : "last";
  if (k.nulls !== defaultNulls) parts.push(`NULLS ${k.nulls.toUpperCase()}`);
  return parts.join(" ");
}

export function createIndexSql(schema: string, table: string, i: IndexModel, concurrently: boolean): string {
  return (
    `CREATE ${i.unique ? "UNIQUE " : ""}INDEX ${concurrently ? "CONCURRENTLY " : ""}${quoteIdent(i.name)} ` +
    `ON ${qualified(schema, table)} USING ${i.method} (${i.keys.map(indexKeySql).join(", ")})` +
    (i.include.length ? ` INCLUDE (${quoteIdentList(i.include)})` : "") +
    (i.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") +
    (i.with ? ` WITH (${storageParametersSql(i.with)})` : "") +
    (i.where !== null ? ` WHERE ${i.where}` : "")
  );
}

/** CREATE TABLE with columns and every constraint except foreign keys (added once all tables exist). */
export function createTableSql(t: TableModel): string {
  const lines = [
    ...t.columns.map(columnDefinition),
    ...t.constraints.filter((c) => c.kind !== "foreignKey").map(constraintDefinition),
  ];
  const partitioned = t.partitionBy !== undefined ? ` PARTITION BY ${t.partitionBy}` : "";
  return `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qualified(t.schema, t.name)} (\n  ${lines.join(",\n  ")}\n)${partitioned}`;
}

export function commentLiteral(comment: string | null): string {
  return comment === null ? "NULL" : quoteLiteral(comment);
}

/** `fillfactor = 70, deduplicate_items = off`: names and values are validated plain words. */
export function storageParametersSql(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${quoteIdent(k)} = ${/^-?[0-9.]+$|^[a-z_]+$/.test(v) ? v : quoteLiteral(v)}`)
    .join(", ");
}
