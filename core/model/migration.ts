// Data moves (issue 18): a column's backfill and USING conversion, and one-off migrations.
// Declaration -> model and the validation of all three. They are migration hints, like
// renamedFrom: they say how data gets into the declared shape, never what the shape is, so the
// canonical form and the fingerprint leave them out (a stack that declares none is unchanged).
import { expressionProblem } from "./check-expression";
import type { ValidationIssue } from "./errors";
import { tableLabel } from "./errors";
import type { ColumnModel, SchemaModel } from "./model";

/** `"'Campaign ' || left(id::text, 8)"`, or with a batch size of its own. */
export type BackfillDeclaration = string | { expression: string; batchSize?: number };

export interface BackfillModel {
  /** SQL over the row (its other columns), set where the column IS NULL. */
  expression: string;
  /** Rows per batch (one short transaction each). */
  batchSize: number;
}

/** What the database records of data moves (read by core/introspect/data-moves.ts). */
export interface LiveDataMoves {
  /** Column keys (`column:s.t.c`) of backfills started and not finished. */
  backfillsInProgress: string[];
  /** Names of the one-off migrations this database has run. */
  appliedMigrations: string[];
}

/** Backfill progress, one row per column (core/apply/backfill.ts). */
export const backfillProgressTable = { schema: "schemastack", name: "backfill_progress" };
/** One-off migrations run, one row each (core/plan/plan-migrations.ts). */
export const migrationTable = { schema: "schemastack", name: "data_migration" };

/** Rows per backfill batch when the declaration names none: short transactions, few round trips. */
export const defaultBackfillBatchSize = 1000;

/** What a one-off migration is ordered against: a table or one of its columns. */
export type MigrationObjectDeclaration = string | { schema?: string; table: string; column?: string };

export interface MigrationDeclaration {
  /** SQL run once per database (one transaction, recorded in schemastack.data_migration). */
  sql: string;
  /** SQL that undoes it (run by rollback); without it, rollback restores from the pre-migration dump. */
  down?: string;
  /** Run before this object's steps (e.g. before the old column is dropped). */
  before?: MigrationObjectDeclaration | MigrationObjectDeclaration[];
  /** Run after this object's steps (e.g. after the new column is added). */
  after?: MigrationObjectDeclaration | MigrationObjectDeclaration[];
}

export interface MigrationModel {
  name: string;
  sql: string;
  down: string | null;
  /** Object keys (`table:s.t`, `column:s.t.c`) whose steps come after this migration. */
  before: string[];
  /** Object keys whose steps come before this migration. */
  after: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The column's data-move hints from its declaration, problems reported through `report`. */
export function columnDataMoves(
  decl: { backfill?: unknown; using?: unknown; generated?: unknown; identity?: unknown },
  report: (message: string) => void,
): Pick<ColumnModel, "backfill" | "using"> {
  const out: Pick<ColumnModel, "backfill" | "using"> = {};
  if (decl.backfill !== undefined) {
    const b = decl.backfill;
    const expression = typeof b === "string" ? b : isObject(b) ? b.expression : undefined;
    const batchSize = isObject(b) ? (b.batchSize ?? defaultBackfillBatchSize) : defaultBackfillBatchSize;
    if (isObject(b)) {
      for (const key of Object.keys(b))
        if (key !== "expression" && key !== "batchSize") report(`backfill: unknown property "${key}"`);
    }
    if (typeof expression !== "string") {
      report('backfill must be an SQL expression string or { expression: "...", batchSize: N }');
    } else if (
      typeof batchSize !== "number" ||
      !Number.isInteger(batchSize) ||
      batchSize < 1 ||
      batchSize > 1e7
    ) {
      report(
        `backfill.batchSize must be a whole number from 1 to 10000000, not ${JSON.stringify(batchSize)}`,
      );
    } else {
      const problem = expressionProblem(expression);
      if (problem) report(`backfill expression ${problem}`);
      else if (decl.generated !== undefined || decl.identity !== undefined)
        report("backfill is for plain columns: a generated or identity column fills itself");
      else out.backfill = { expression: expression.trim(), batchSize };
    }
  }
  if (decl.using !== undefined) {
    if (typeof decl.using !== "string") report(`using must be a string, not ${JSON.stringify(decl.using)}`);
    else {
      const problem = expressionProblem(decl.using);
      if (problem) report(`using expression ${problem}`);
      else out.using = decl.using.trim();
    }
  }
  return out;
}

function objectKeyOf(ref: MigrationObjectDeclaration, report: (message: string) => void): string | undefined {
  if (typeof ref === "string") {
    // `table:public.users`, `column:public.users.email`, or `public.users` / `users`.
    if (/^(table|column|index|constraint|enum):/.test(ref)) return ref;
    const parts = ref.split(".");
    if (parts.length === 1) return `table:public.${ref}`;
    if (parts.length === 2) return `table:${ref}`;
    report(`"${ref}" is not an object: write "schema.table", or { table, column }`);
    return undefined;
  }
  if (!isObject(ref) || typeof ref.table !== "string") {
    report("before/after must name a table: { table, column? } or an object key such as column:public.t.c");
    return undefined;
  }
  const schema = typeof ref.schema === "string" ? ref.schema : "public";
  return typeof ref.column === "string"
    ? `column:${schema}.${ref.table}.${ref.column}`
    : `table:${schema}.${ref.table}`;
}

/** The declared one-off migrations, in declaration order; problems go to `issues`. */
export function migrationsFromDeclaration(
  declared: Record<string, unknown> | undefined,
  issues: ValidationIssue[],
): MigrationModel[] {
  const out: MigrationModel[] = [];
  for (const [name, decl] of Object.entries(declared ?? {})) {
    const path = `migration "${name}"`;
    const report = (message: string) => issues.push({ path, message });
    if (name.trim() === "" || name.includes("\u0000") || Buffer.byteLength(name) > 200) {
      report("the name must be 1 to 200 bytes without NUL bytes");
      continue;
    }
    if (!isObject(decl)) {
      report('must be an object: { sql: "...", before?, after?, down? }');
      continue;
    }
    for (const key of Object.keys(decl))
      if (!["sql", "down", "before", "after"].includes(key)) report(`unknown property "${key}"`);
    if (typeof decl.sql !== "string" || decl.sql.trim() === "") {
      report("sql must be a non-empty string");
      continue;
    }
    if (decl.down !== undefined && typeof decl.down !== "string") report("down must be a string");
    if (/\b(begin|commit|rollback|start\s+transaction)\b\s*;/i.test(decl.sql))
      report(
        "sql must not control the transaction (BEGIN/COMMIT): each migration runs in one transaction of its own",
      );
    const refs = (v: unknown): string[] =>
      (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((r) => {
        const key = objectKeyOf(r as MigrationObjectDeclaration, report);
        return key ? [key] : [];
      });
    out.push({
      name,
      sql: decl.sql,
      down: typeof decl.down === "string" ? decl.down : null,
      before: refs(decl.before),
      after: refs(decl.after),
    });
  }
  return out;
}

/** Cross-object checks: what a backfill and a migration refer to exists in the declaration. */
export function dataMoveIssues(model: SchemaModel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const t of model.tables) {
    if (!t.columns.some((c) => c.backfill)) continue;
    if (!t.constraints.some((c) => c.kind === "primaryKey")) {
      for (const c of t.columns.filter((x) => x.backfill))
        issues.push({
          path: `${tableLabel(t.schema, t.name)}, column "${c.name}"`,
          message: "backfill runs in batches by primary key: the table needs a primary key",
        });
    }
  }
  return issues;
}

/** The model without one-off migrations (a scratch database renders shapes, it runs no data SQL). */
export function withoutMigrations(model: SchemaModel): SchemaModel {
  if (!model.migrations) return model;
  const { migrations: _m, ...rest } = model;
  return rest;
}
