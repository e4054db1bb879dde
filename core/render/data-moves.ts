// Data moves in the scratch database: the catalog knows nothing of backfills, USING conversions
// and one-off migrations, so they are copied from the declaration; and every backfill expression
// is tried there as the exact UPDATE it will become (on no rows), so an unknown column, a type
// that does not fit the column or a syntax error is refused while rendering, before any change.
import type { Queryable } from "../introspect/queryable";
import { SchemaValidationError, tableLabel } from "../model/errors";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";

export function withDataMoves(rendered: SchemaModel, declared: SchemaModel): SchemaModel {
  for (const t of rendered.tables) {
    const d = declared.tables.find((x) => x.schema === t.schema && x.name === t.name);
    if (!d) continue;
    for (const c of t.columns) {
      const dc = d.columns.find((x) => x.name === c.name);
      if (dc?.backfill) c.backfill = { ...dc.backfill };
      if (dc?.using !== undefined) c.using = dc.using;
    }
  }
  if (declared.migrations) rendered.migrations = structuredClone(declared.migrations);
  return rendered;
}

/** Tries each backfill as its UPDATE over no rows; throws SchemaValidationError naming every column that fails. */
export async function checkBackfills(
  client: Queryable,
  declared: SchemaModel,
  /** The caller's transaction stays open (the shared scratch database's render): undo under a savepoint. */
  inTransaction = false,
): Promise<void> {
  const [open, undo] = inTransaction
    ? [
        "savepoint schemastack_backfill",
        "rollback to savepoint schemastack_backfill; release savepoint schemastack_backfill",
      ]
    : ["begin", "rollback"];
  const issues = [];
  for (const t of declared.tables) {
    for (const c of t.columns) {
      if (!c.backfill) continue;
      const sql =
        `UPDATE ${quoteQualified(t.schema, t.name)} SET ${quoteIdent(c.name)} = (${c.backfill.expression}) ` +
        "WHERE false";
      await client.query(open);
      try {
        await client.query(sql);
      } catch (e) {
        const err = e as Error & { code?: string };
        issues.push({
          path: `${tableLabel(t.schema, t.name)}, column "${c.name}"`,
          message: `backfill expression ${JSON.stringify(c.backfill.expression)} is refused by Postgres: ${err.message}${
            err.code ? ` (SQLSTATE ${err.code})` : ""
          }`,
        });
      } finally {
        await client.query(undo).catch(() => undefined);
      }
    }
  }
  if (issues.length) throw new SchemaValidationError(issues);
}
