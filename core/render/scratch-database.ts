// A throwaway database on the same server (or the --dev-url server) where desired schemas are
// rendered: Postgres itself then normalises expressions and types exactly as it will on the target.
import { randomBytes } from "crypto";
import { Client } from "pg";
import { quoteIdent } from "../core/sql/quote";
import { withConnection } from "./connect";

export async function withScratchDatabase<T>(
  serverUrl: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const name = `schemastack_scratch_${randomBytes(6).toString("hex")}`;
  await withConnection(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await withConnection(url.toString(), fn);
  } finally {
    await withConnection(serverUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
    );
  }
}
