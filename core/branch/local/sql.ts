// Database names and connections for the local driver. Names reach SQL only through core's
// quoteIdent or as query parameters; URLs are handled by core/pg/connection-url.
import type { Client } from "pg";
import { databaseOf } from "../../pg/connection-url";
import { withClient as withPgClient } from "../../pg/with-client";
import { BranchError } from "../types";

/** PostgreSQL truncates identifiers to 63 bytes; a branch name must fit so that it is the real name. */
export function checkDatabaseName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name, "utf8") > 63 || name.includes("\0")) {
    throw new BranchError(
      `branch name ${JSON.stringify(name)} must be 1 to 63 bytes (a PostgreSQL database name)`,
    );
  }
}

/** The database a parent URL points at; a branch copies one database, so the URL must name it. */
export function parentDatabaseOf(url: string): string {
  const name = databaseOf(url);
  if (!name) throw new BranchError("the parent URL must name a database (postgres://.../dbname)");
  return name;
}

/** Runs fn with a short-lived connection. */
export function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withPgClient(url, fn, { applicationName: "schemastack-branch" });
}
