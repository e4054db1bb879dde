import { withClient } from "../../core/pg/with-client";

/** Rows of one statement on a short-lived connection. */
export function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(
    url,
    async (client) => (await client.query<T & Record<string, unknown>>(sql, params)).rows,
  );
}
