// Identifier quoting and connection-URL helpers for the local driver. Names reach SQL only through
// quoteIdent (always quoted, per quote_ident's rules) or as query parameters.
import type { Client } from "pg";
import { withClient as withPgClient } from "../../pg/with-client";
import { BranchError } from "../types";

/** Quotes an identifier the way quote_ident does for names that need it: always quoted, `"` doubled. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes("\0"))
    throw new BranchError(`invalid identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL truncates identifiers to 63 bytes; a branch name must fit so that it is the real name. */
export function checkDatabaseName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name, "utf8") > 63 || name.includes("\0")) {
    throw new BranchError(
      `branch name ${JSON.stringify(name)} must be 1 to 63 bytes (a PostgreSQL database name)`,
    );
  }
}

/** The database a postgres:// URL points at. */
export function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new BranchError("the parent URL must name a database (postgres://.../dbname)");
  return name;
}

/** The same URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The same URL pointing at another server port on the loopback address. */
export function withLocalPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** A URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable URL>";
  }
}

/** Runs fn with a short-lived connection. */
export function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withPgClient(url, fn, { applicationName: "schemastack-branch" });
}
