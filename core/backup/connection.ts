import { BackupError, registerSecret } from "./errors";

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
    parsed = new URL(url);
  } catch {
    throw new BackupError("invalid-options", "database URL is not a valid postgres:// URL");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new BackupError(
      "invalid-options",
      `database URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`,
    );
  }
  // libpq also takes `?password=`: move it out of the URL the same way.
  const password = parsed.password
    ? decodeURIComponent(parsed.password)
    : (parsed.searchParams.get("password") ?? undefined);
  registerSecret(password);
  registerSecret(parsed.password || undefined);
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || user || "postgres";
  const withoutPassword = new URL(url);
  withoutPassword.password = "";
  withoutPassword.searchParams.delete("password");
  return {
    url,
    urlWithoutPassword: withoutPassword.toString(),
    env: password !== undefined ? { PGPASSWORD: password } : {},
    database,
    display: `${parsed.host || "localhost"}/${database}`,
  };
}

/** The same server, another database (for scratch databases). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
