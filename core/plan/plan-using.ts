// Type changes with a declared USING (issue 18): `type: "integer", using: "nullif(code, '')::integer"`.
// The conversion replaces the cast the planner would write; the hazards say whether Postgres
// rewrites the table (any USING that computes values does; the column alone over a
// binary-coercible change does not), and the executor tries the conversion on every row before
// the plan's first statement (core/apply/backfill.ts), so a value that does not convert stops the
// run with nothing changed.
import type { ColumnModel, TableModel } from "../model/model";
import { quoteIdent } from "../sql/quote";
import type { UsingCheck } from "./plan-backfill";

/** No USING, or one that is the column itself: the values are kept as they are. */
export function usingKeepsValues(c: ColumnModel): boolean {
  if (c.using === undefined) return true;
  return c.using === c.name || c.using === quoteIdent(c.name);
}

export function rewriteMessage(t: TableModel, c: ColumnModel): string | undefined {
  if (c.using === undefined) return undefined;
  return (
    `rewrites ${t.schema}.${t.name} and its indexes: USING ${c.using} computes every row's value ` +
    "under ACCESS EXCLUSIVE (time grows with the table)"
  );
}

export function conversionFailure(live: ColumnModel, desired: ColumnModel): string {
  return desired.using === undefined
    ? `fails if a value does not convert from ${live.type} to ${desired.type}`
    : `fails if USING ${desired.using} fails for a row (tried on every row before any change)`;
}

/** Suffix of the step's description: the USING and whether the table is rewritten. */
export function usingDescription(c: ColumnModel, metadataOnly: boolean): string {
  if (c.using === undefined) return "";
  return ` using ${c.using} (${metadataOnly ? "no table rewrite" : "rewrites the table"})`;
}

/** The executor's check of the conversion, for a declared USING. */
export function usingCheck(t: TableModel, c: ColumnModel): { using?: UsingCheck } {
  if (c.using === undefined || usingKeepsValues(c)) return {};
  return { using: { schema: t.schema, table: t.name, column: c.name, expression: c.using, type: c.type } };
}
