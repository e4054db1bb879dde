// The schema version row (`schemastack.schema_version` by default): read by `verify` and apps'
// health checks, written back by a rollback. Same table the SchemaVersion resource writes.
import type { Queryable } from "../introspect/queryable";
import { quoteIdent } from "../sql/quote";

export interface VersionTable {
  schema: string;
  table: string;
}

export const defaultVersionTable: VersionTable = { schema: "schemastack", table: "schema_version" };

export interface VersionRow {
  version: string;
  fingerprint: string;
  stack: string;
  appliedAt: Date;
}

const qualified = (t: VersionTable) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`;

/** The newest row, or undefined when the table or any row is missing. */
export async function readVersionRow(
  client: Queryable,
  where: VersionTable = defaultVersionTable,
): Promise<VersionRow | undefined> {
  const exists = await client.query<{ ok: boolean }>("select pg_catalog.to_regclass($1) is not null as ok", [
    qualified(where),
  ]);
  if (!exists.rows[0]?.ok) return undefined;
  const result = await client.query<{
    version: string;
    fingerprint: string;
    stack: string;
    applied_at: Date;
  }>(`select version, fingerprint, stack, applied_at from ${qualified(where)} order by id desc limit 1`);
  const row = result.rows[0];
  return (
    row && { version: row.version, fingerprint: row.fingerprint, stack: row.stack, appliedAt: row.applied_at }
  );
}

/** Appends a row (the table keeps the history); creates the table like the SchemaVersion resource does. */
export async function writeVersionRow(
  client: Queryable,
  row: { version: string; fingerprint: string; stack: string },
  where: VersionTable = defaultVersionTable,
): Promise<void> {
  await client.query(`create schema if not exists ${quoteIdent(where.schema)}`);
  await client.query(
    `create table if not exists ${qualified(where)} (
       id bigint generated always as identity primary key,
       version text not null,
       fingerprint text not null,
       stack text not null,
       applied_at timestamptz not null default now())`,
  );
  await client.query(`insert into ${qualified(where)} (version, fingerprint, stack) values ($1, $2, $3)`, [
    row.version,
    row.fingerprint,
    row.stack,
  ]);
}
