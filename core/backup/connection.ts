import {
  ConnectionUrlError,
  databaseOf,
  parseConnectionUrl,
  passwordOf,
  registerSecretsOf,
  withDatabase,
  withoutPassword,
} from "../pg/connection-url";
import { BackupError } from "./errors";

/**
 * A database URL split so the password never appears on a command line (where `ps` shows it):
 * the tools get the URL without it and the password in PGPASSWORD.
 */
export interface PgConnection {
  /** The URL without the password, for pg_dump/pg_restore `--dbname`. */
  readonly urlWithoutPassword: string;
  /** The full URL, for the in-process `pg` client only. */
  readonly url: string;
  /** Extra environment for child processes (PGPASSWORD when the URL has one). */
  readonly env: Readonly<Record<string, string>>;
  readonly database: string;
  /** host:port/database, safe to print. */
  readonly display: string;
}

export function parseDatabaseUrl(url: string): PgConnection {
  let parsed: URL;
  try {
    parsed = parseConnectionUrl(url);
  } catch (error) {
    if (error instanceof ConnectionUrlError) throw new BackupError("invalid-options", error.message);
    throw error;
  }
  // libpq also takes `?password=`: move it out of the URL the same way.
  const password = passwordOf(parsed);
  registerSecretsOf(url);
  const user = decodeURIComponent(parsed.username);
  const database = databaseOf(url) || user || "postgres";
  return {
    url,
    urlWithoutPassword: withoutPassword(url),
    env: password !== undefined ? { PGPASSWORD: password } : {},
    database,
    display: `${parsed.host || "localhost"}/${database}`,
  };
}

/** The same server, another database (for scratch databases). */
export { withDatabase };
