// Backfill steps (issue 18): between "add column (nullable)" and "set NOT NULL", fill the column
// where it is NULL from its declared expression, in batches by primary key. The step is data like
// any other (its `sql` is the statement each batch runs); the executor runs it batch by batch
// (core/apply/backfill.ts), each batch its own short transaction that also records its progress.
import type { ColumnModel, TableModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { hazard } from "./hazards";
import { columnKey, tableKey } from "./keys";

export interface BackfillStep {
  schema: string;
  table: string;
  column: string;
  expression: string;
  batchSize: number;
  /** Primary key columns, in key order: batches walk the key (keyset pagination). */
  primaryKey: string[];
  /** The column is (or becomes) NOT NULL: no NULL may remain when the backfill ends. */
  notNull: boolean;
  /** The plan adds the column: progress recorded for an earlier column of that name is void. */
  fresh: boolean;
  /** The column has a default (rows added after it exist are filled by it, not by the backfill). */
  hasDefault: boolean;
  /** The table's declared columns: an expression may use one this plan adds before the backfill. */
  declaredColumns: string[];
}

/** What a USING conversion is tried on before anything changes (core/apply/backfill.ts). */
export interface UsingCheck {
  schema: string;
  table: string;
  column: string;
  expression: string;
  type: string;
}

/** Key columns, their list, and the row value of the last key of a batch: `("a", "b") > ($1, $2)`. */
function keyList(b: Pick<BackfillStep, "primaryKey">): string {
  return b.primaryKey.map(quoteIdent).join(", ");
}

/**
 * One batch: the next `batchSize` keys after the last one done ($1..$n; none on the first batch),
 * their rows updated where the column is still NULL, and the batch's last key returned.
 */
export function backfillBatchSql(b: BackfillStep, first: boolean): string {
  const t = quoteQualified(b.schema, b.table);
  const keys = keyList(b);
  const after = first ? "" : ` WHERE (${keys}) > (${b.primaryKey.map((_, i) => `$${i + 1}`).join(", ")})`;
  const lastKey = b.primaryKey.map((k, i) => `${quoteIdent(k)}::text AS k${i}`).join(", ");
  return (
    `WITH batch AS (SELECT ${keys} FROM ${t}${after} ORDER BY ${keys} LIMIT ${b.batchSize}), ` +
    `updated AS (UPDATE ${t} SET ${quoteIdent(b.column)} = (${b.expression}) ` +
    `WHERE (${keys}) IN (SELECT ${keys} FROM batch) AND ${quoteIdent(b.column)} IS NULL RETURNING 1) ` +
    `SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM updated)::int AS updated, last.* ` +
    `FROM (SELECT ${lastKey} FROM batch ORDER BY ${b.primaryKey.map((k) => `${quoteIdent(k)} DESC`).join(", ")} LIMIT 1) last`
  );
}

export interface BackfillContext {
  plan: PlanBuilder;
  table: TableModel;
}

/** Plans the backfill of `c` (declared with `backfill`); `retyped` when the plan also changes its type. */
export function planBackfill(
  ctx: BackfillContext,
  c: ColumnModel,
  options: { fresh: boolean; retyped: boolean },
): void {
  const { plan, table } = ctx;
  if (!c.backfill) return;
  const pk = table.constraints.find((k) => k.kind === "primaryKey");
  if (!pk) return; // validation refuses a backfill on a table without a primary key
  const key = columnKey(table.schema, table.name, c.name);
  const step: BackfillStep = {
    schema: table.schema,
    table: table.name,
    column: c.name,
    expression: c.backfill.expression,
    batchSize: c.backfill.batchSize,
    primaryKey: [...pk.columns],
    notNull: !c.nullable,
    fresh: options.fresh,
    hasDefault: c.default !== null,
    declaredColumns: table.columns.map((x) => x.name),
  };
  plan.add(Phase.backfills, {
    objectKey: key,
    description:
      `backfill ${table.schema}.${table.name}.${c.name} where NULL from ${c.backfill.expression}, ` +
      `in batches of ${c.backfill.batchSize} rows by (${pk.columns.join(", ")}), each its own transaction (resumable)`,
    sql: backfillBatchSql(step, false),
    lock: "ROW EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    hazards: [
      hazard.mayFailOnExistingData(
        c.nullable
          ? `the expression is evaluated for every row where ${c.name} is NULL`
          : `fails before any change if the expression yields NULL for a row (${c.name} becomes NOT NULL)`,
      ),
    ],
    // After the columns the expression may use; what needs the column (its NOT NULL, indexes,
    // unique keys) waits for the backfilled values. A column retyped in this plan is backfilled
    // after its type change (a replaced key cannot also be created by another step).
    creates: options.retyped ? [] : [key],
    needs: [
      tableKey(table.schema, table.name),
      ...table.columns.map((x) => columnKey(table.schema, table.name, x.name)),
    ],
    backfill: step,
  });
}
