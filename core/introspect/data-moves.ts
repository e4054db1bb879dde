// What the database records of data moves (issue 18): backfills started and not finished (they
// resume) and one-off migrations already run (they never run again). Two queries at most, whatever
// the schema size: one asks which of the two bookkeeping tables exist, one reads them.
import { backfillProgressTable, migrationTable, type LiveDataMoves } from "../model/migration";
import { quoteQualified } from "../sql/quote";
import type { Queryable } from "./queryable";

const qualified = (t: { schema: string; name: string }) => quoteQualified(t.schema, t.name);

/** Undefined when neither table exists (a database that never ran a data move). */
export async function readDataMoves(client: Queryable): Promise<LiveDataMoves | undefined> {
  const { rows } = await client.query<{ progress: boolean; migrations: boolean }>(
    "select pg_catalog.to_regclass($1) is not null as progress, pg_catalog.to_regclass($2) is not null as migrations",
    [qualified(backfillProgressTable), qualified(migrationTable)],
  );
  const { progress, migrations } = rows[0];
  if (!progress && !migrations) return undefined;
  const parts = [
    progress
      ? `select 'backfill' as kind, 'column:' || table_schema || '.' || table_name || '.' || column_name as name ` +
        `from ${qualified(backfillProgressTable)} where finished_at is null`
      : null,
    migrations ? `select 'migration' as kind, name from ${qualified(migrationTable)}` : null,
  ].filter((x): x is string => x !== null);
  const found = (await client.query<{ kind: string; name: string }>(parts.join(" union all "))).rows;
  return {
    backfillsInProgress: found
      .filter((r) => r.kind === "backfill")
      .map((r) => r.name)
      .sort(),
    appliedMigrations: found
      .filter((r) => r.kind === "migration")
      .map((r) => r.name)
      .sort(),
  };
}
