// A throwaway database on the same server (or a dev server) where desired schemas are rendered:
// Postgres itself then normalises expressions and types exactly as it will on the target.
import { withDatabase } from "../pg/connection-url";
import { randomBytes } from "crypto";
import type { Client } from "pg";
import { withClient } from "../pg/with-client";
import { quoteIdent } from "../sql/quote";

export async function withScratchDatabase<T>(
  serverUrl: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const name = `schemastack_scratch_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`)).catch(
    (error: unknown) => {
      // A least-privilege role (schema owner, no CREATEDB) lands here: say what to do instead of
      // letting "permission denied to create database" read like a problem with the schema.
      if ((error as { code?: string }).code === "42501") {
        throw new Error(
          `cannot create a scratch database to render the declared schema in (${(error as Error).message}): ` +
            "render on a development server instead (Database `renderOn: <url>`, CLI `--dev-url <url>`), " +
            "or grant the role CREATEDB",
        );
      }
      throw error;
    },
  );
  try {
    return await withClient(withDatabase(serverUrl, name), fn);
  } finally {
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }
}
