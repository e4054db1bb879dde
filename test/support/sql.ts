// Small helpers for tests that check the database itself.
import { Client } from "pg";

export async function query<R extends object = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Column name -> formatted type, in order, for one table (empty when the table is missing). */
export async function columnTypes(url: string, table: string): Promise<Record<string, string>> {
  const rows = await query<{ name: string; type: string }>(
    url,
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = to_regclass($1) and attnum > 0 and not attisdropped order by attnum`,
    [table],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.type]));
}

export async function indexNames(url: string, table: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    "select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = to_regclass($1) order by 1",
    [table],
  );
  return rows.map((r) => r.name);
}

export async function constraintNames(url: string, table: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    "select conname as name from pg_constraint where conrelid = to_regclass($1) order by 1",
    [table],
  );
  return rows.map((r) => r.name);
}
