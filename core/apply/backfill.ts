// Runs backfill steps (core/plan/plan-backfill.ts) and checks data moves before anything changes.
//
// A backfill walks the primary key in batches; each batch is one short transaction with the lock
// budget (lock_timeout, statement_timeout, retries with backoff) that updates the batch's rows
// where the column is still NULL and records the batch's last key in
// schemastack.backfill_progress. Batch and progress commit together, so a run killed at any point
// resumes after the last committed batch and never repeats one; and since only NULLs are filled,
// a row the application wrote meanwhile is never overwritten. A column that becomes NOT NULL gets
// a catch-up pass for NULL rows written behind the cursor, then a count: any NULL left stops the
// run before its NOT NULL check is added.
import type { Queryable } from "../introspect/queryable";
import { backfillProgressTable } from "../model/migration";
import { type BackfillStep, backfillBatchSql } from "../plan/plan-backfill";
import type { Plan, PlanStep } from "../plan/step";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { LockTimeoutError, StepFailedError } from "./errors";
import { findBlockers } from "./execute-plan";
import type { ExecuteOptions } from "./execute-plan";
import { type LockBudget, backoffDelay } from "./lock-budget";

/** Progress of one backfill: at its start, after each committed batch, and at its end (consumers throttle). */
export interface BackfillProgress {
  type: "backfill";
  step: PlanStep;
  /** Batches and rows committed so far, this run and earlier interrupted runs together. */
  batches: number;
  rowsUpdated: number;
  /** pg_class.reltuples: the planner's estimate of the table's rows (-1 when unknown). */
  estimatedRows: number;
  phase: "start" | "resume" | "batch" | "catch-up" | "done";
}

const progressTable = quoteQualified(backfillProgressTable.schema, backfillProgressTable.name);
const lockNotAvailable = "55P03";
const undefinedColumn = "42703";

const ensureProgressTableSql =
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(backfillProgressTable.schema)}; ` +
  `CREATE TABLE IF NOT EXISTS ${progressTable} (table_schema text NOT NULL, table_name text NOT NULL, ` +
  "column_name text NOT NULL, expression text NOT NULL, batch_size integer NOT NULL, last_key text[], " +
  "batches bigint NOT NULL DEFAULT 0, rows_updated bigint NOT NULL DEFAULT 0, " +
  "started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), " +
  "finished_at timestamptz, PRIMARY KEY (table_schema, table_name, column_name))";

const columnLabel = (b: BackfillStep) => `${b.schema}.${b.table}.${b.column}`;
const target = (b: BackfillStep) => quoteQualified(b.schema, b.table);

/** The backfill would leave NULLs in a column that becomes NOT NULL. */
export class BackfillNullError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly column: string,
    readonly rows: number,
    when: "before" | "after",
  ) {
    super(
      `column ${column}: the backfill expression ${step.backfill?.expression ?? ""} yields NULL for ${rows} row(s), ` +
        `and the column becomes NOT NULL; ` +
        (when === "before"
          ? "nothing was changed"
          : "the values filled so far stay, the NOT NULL constraint was not added") +
        ". Make the expression cover those rows (e.g. coalesce(...)) or keep the column nullable.",
    );
    this.name = "BackfillNullError";
  }
}

/** A declared expression (backfill or USING) that Postgres refuses on the live rows; nothing was changed. */
export class DataMoveCheckError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly column: string,
    what: string,
    cause: Error & { code?: string },
  ) {
    super(
      `column ${column}: ${what} fails on the existing rows: ${cause.message}` +
        `${cause.code ? ` (SQLSTATE ${cause.code})` : ""}; nothing was changed`,
    );
    this.name = "DataMoveCheckError";
  }
}

async function setLocalTimeouts(client: Queryable, budget: LockBudget): Promise<void> {
  await client.query(
    "select pg_catalog.set_config('lock_timeout', $1, true), pg_catalog.set_config('statement_timeout', $2, true)",
    [`${budget.lockTimeoutMs}ms`, `${budget.statementTimeoutMs}ms`],
  );
}

/** One transaction with the lock budget, retried on lock timeouts with backoff. */
async function inTransaction<T>(
  client: Queryable,
  step: PlanStep,
  budget: LockBudget,
  onEvent: ExecuteOptions["onEvent"],
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await client.query("begin");
    try {
      await setLocalTimeouts(client, budget);
      const result = await work();
      await client.query("commit");
      return result;
    } catch (e) {
      await client.query("rollback").catch(() => undefined);
      const err = e as Error & { code?: string };
      if (err instanceof BackfillNullError || err instanceof DataMoveCheckError) throw err;
      if (err.code !== lockNotAvailable) throw new StepFailedError(step, err);
      const blockers = await findBlockers(client, step).catch(() => []);
      if (attempt > budget.retries) throw new LockTimeoutError(step, attempt, blockers);
      const delayMs = backoffDelay(budget, attempt);
      onEvent?.({ type: "retry", step, attempt, delayMs, blockers });
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

async function nullCount(client: Queryable, b: BackfillStep, withExpression: boolean): Promise<number> {
  const where = withExpression
    ? `${b.fresh ? "" : `${quoteIdent(b.column)} IS NULL AND `}(${b.expression}) IS NULL`
    : `${quoteIdent(b.column)} IS NULL`;
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${target(b)} WHERE ${where}`);
  return Number(rows[0].n);
}

/** Declared columns the table does not have yet (the plan adds them before the backfill). */
async function missingColumns(client: Queryable, b: BackfillStep): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname as name from pg_catalog.pg_attribute a
     where a.attrelid = pg_catalog.to_regclass($1) and a.attnum > 0 and not a.attisdropped`,
    [target(b)],
  );
  const live = new Set(rows.map((r) => r.name));
  return b.declaredColumns.filter((c) => c !== b.column && !live.has(c));
}

/**
 * Before the plan's first statement: every backfill of a column that becomes NOT NULL must yield
 * a value for each row still NULL, and every declared USING must convert every row. Read-only
 * scans (no lock beyond ACCESS SHARE); a failure names the column and nothing is changed.
 */
export async function checkDataMoves(client: Queryable, plan: Plan, budget: LockBudget): Promise<void> {
  for (const step of plan.steps) {
    const b = step.backfill;
    const u = step.using;
    if (b && b.notNull && !(b.fresh && b.hasDefault)) {
      await inTransaction(client, step, budget, undefined, async () => {
        await client.query("savepoint schemastack_check");
        try {
          const rows = await nullCount(client, b, true);
          if (rows > 0) throw new BackfillNullError(step, columnLabel(b), rows, "before");
        } catch (e) {
          const err = e as Error & { code?: string };
          if (err.code !== undefinedColumn) throw err;
          await client.query("rollback to savepoint schemastack_check");
          // An expression over a column this plan adds is checked after the backfill instead.
          if ((await missingColumns(client, b)).length === 0)
            throw new DataMoveCheckError(
              step,
              columnLabel(b),
              `the backfill expression ${b.expression}`,
              err,
            );
        }
      });
    }
    if (u) {
      await inTransaction(client, step, budget, undefined, async () => {
        try {
          await client.query(
            `SELECT count(*) FROM ${quoteQualified(u.schema, u.table)} ` +
              `WHERE ((${u.expression})::${u.type}) IS NULL AND ${quoteIdent(u.column)} IS NOT NULL`,
          );
        } catch (e) {
          const err = e as Error & { code?: string };
          if (err.code === undefinedColumn || err.code === lockNotAvailable) throw err;
          throw new DataMoveCheckError(
            step,
            `${u.schema}.${u.table}.${u.column}`,
            `the conversion to ${u.type} USING ${u.expression}`,
            err,
          );
        }
      }).catch((e: Error & { code?: string }) => {
        // A USING over a column the plan renames or adds first cannot be tried yet: the step itself will.
        if (!(e instanceof StepFailedError && (e.cause as { code?: string }).code === undefinedColumn))
          throw e;
      });
    }
  }
}

interface ProgressRow {
  expression: string;
  last_key: string[] | null;
  batches: string;
  rows_updated: string;
  finished_at: Date | null;
}

/** Runs one backfill step to the end (or resumes it); throws like the executor's steps do. */
export async function runBackfill(
  client: Queryable,
  step: PlanStep,
  options: ExecuteOptions & { budget: LockBudget },
): Promise<void> {
  const b = step.backfill as BackfillStep;
  const { budget, onEvent } = options;
  const key = [b.schema, b.table, b.column];
  await client.query(ensureProgressTableSql);
  const estimate = await client.query<{ n: number }>(
    "select coalesce((select c.reltuples::float8 from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass($1)), -1) as n",
    [target(b)],
  );
  const estimatedRows = Math.round(Number(estimate.rows[0]?.n ?? -1));
  const previous = (
    await client.query<ProgressRow>(
      `SELECT expression, last_key, batches, rows_updated, finished_at FROM ${progressTable} ` +
        "WHERE table_schema = $1 AND table_name = $2 AND column_name = $3",
      key,
    )
  ).rows[0];
  const continues = !b.fresh && previous !== undefined && previous.expression === b.expression;
  let lastKey: string[] | null = continues ? previous.last_key : null;
  let batches = continues ? Number(previous.batches) : 0;
  let rowsUpdated = continues ? Number(previous.rows_updated) : 0;
  const walked = continues && previous.finished_at !== null;
  if (!continues) {
    await client.query(
      `INSERT INTO ${progressTable} (table_schema, table_name, column_name, expression, batch_size) ` +
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (table_schema, table_name, column_name) DO UPDATE SET " +
        "expression = EXCLUDED.expression, batch_size = EXCLUDED.batch_size, last_key = NULL, batches = 0, " +
        "rows_updated = 0, started_at = now(), updated_at = now(), finished_at = NULL",
      [...key, b.expression, b.batchSize],
    );
  }
  const report = (phase: BackfillProgress["phase"]) =>
    onEvent?.({ type: "backfill", step, batches, rowsUpdated, estimatedRows, phase });
  report(continues && lastKey !== null ? "resume" : "start");

  if (!walked) {
    for (;;) {
      const result = await inTransaction(client, step, budget, onEvent, async () => {
        const { rows } = await client.query<Record<string, string | number>>(
          backfillBatchSql(b, lastKey === null),
          lastKey ?? [],
        );
        const row = rows[0];
        if (!row) return null;
        const last = b.primaryKey.map((_, i) => String(row[`k${i}`]));
        await client.query(
          `UPDATE ${progressTable} SET last_key = $4, batches = batches + 1, rows_updated = rows_updated + $5, ` +
            "updated_at = now() WHERE table_schema = $1 AND table_name = $2 AND column_name = $3",
          [...key, last, Number(row.updated)],
        );
        return { last, scanned: Number(row.scanned), updated: Number(row.updated) };
      });
      if (!result) break;
      lastKey = result.last;
      batches++;
      rowsUpdated += result.updated;
      report("batch");
      if (result.scanned < b.batchSize) break;
    }
  }
  if (b.notNull) {
    // Rows written behind the cursor with a NULL (by writers that do not set the column yet).
    report("catch-up");
    const t = target(b);
    const keys = b.primaryKey.map(quoteIdent).join(", ");
    const col = quoteIdent(b.column);
    for (;;) {
      const updated = await inTransaction(client, step, budget, onEvent, async () => {
        const r = await client.query<{ n: string }>(
          `WITH updated AS (UPDATE ${t} SET ${col} = (${b.expression}) WHERE (${keys}) IN (SELECT ${keys} FROM ${t} ` +
            `WHERE ${col} IS NULL AND (${b.expression}) IS NOT NULL LIMIT ${b.batchSize}) AND ${col} IS NULL ` +
            "RETURNING 1) SELECT count(*) AS n FROM updated",
        );
        return Number(r.rows[0].n);
      });
      rowsUpdated += updated;
      if (updated === 0) break;
    }
    const left = await nullCount(client, b, false);
    if (left > 0) throw new BackfillNullError(step, columnLabel(b), left, "after");
  }
  await client.query(
    `UPDATE ${progressTable} SET finished_at = now(), rows_updated = $4, updated_at = now() ` +
      "WHERE table_schema = $1 AND table_name = $2 AND column_name = $3",
    [...key, rowsUpdated],
  );
  report("done");
}
