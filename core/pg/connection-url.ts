// Connection URLs and the secrets in them: the one place that parses a postgres:// URL, points it at
// another database or port, and keeps its password out of everything schemastack prints. Before
// this module there were six variants with different rules (one forgot `?password=`, one the
// percent-encoded form, one printed unparseable URLs whole); now every caller gets the same.
//
// What counts as a secret: the userinfo password (as written and percent-decoded) and the libpq
// query parameters `password` and `sslpassword`. Redaction masks `scheme://user:<anything>@` in any
// text, plus every secret this process has seen, in each of its forms.

/** libpq parameters that carry a secret when given in the query string. */
const secretParameters = ["password", "sslpassword"] as const;

/** A connection URL that cannot be used; the message never contains the URL. */
export class ConnectionUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionUrlError";
  }
}

/** Parses a postgres:// or postgresql:// URL; the error names the problem, never the URL. */
export function parseConnectionUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectionUrlError("database URL is not a valid postgres:// URL");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConnectionUrlError(
      `database URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`,
    );
  }
  return parsed;
}

/** The password a URL carries (userinfo, else `?password=`), decoded; undefined without one. */
export function passwordOf(url: string | URL): string | undefined {
  const parsed = typeof url === "string" ? parseConnectionUrl(url) : url;
  if (parsed.password) return decodeURIComponent(parsed.password);
  return parsed.searchParams.get("password") ?? undefined;
}

/** The database a URL names (percent-decoded); "" when it names none. */
export function databaseOf(url: string): string {
  return decodeURIComponent(parseConnectionUrl(url).pathname.replace(/^\//, ""));
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = parseConnectionUrl(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The same URL pointing at another host and port (a branch cluster on the loopback address). */
export function withHostPort(url: string, host: string, port: number): string {
  const parsed = parseConnectionUrl(url);
  parsed.hostname = host;
  parsed.port = String(port);
  return parsed.toString();
}

/** The URL with no password anywhere (for tools that get it from PGPASSWORD instead). */
export function withoutPassword(url: string): string {
  const parsed = parseConnectionUrl(url);
  parsed.password = "";
  for (const key of secretParameters) parsed.searchParams.delete(key);
  return parsed.toString();
}

/** postgres://user:secret@host/db -> postgres://user:***@host/db (query secrets too); safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    for (const key of secretParameters) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, "***");
    return parsed.toString();
  } catch {
    return redactText(url);
  }
}

/** Every secret a URL carries, in the forms it may appear in text (as written and decoded). */
export function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found: string[] = [];
  if (parsed.password) found.push(parsed.password, decodeURIComponent(parsed.password));
  for (const key of secretParameters) {
    const value = parsed.searchParams.get(key);
    if (value) found.push(value);
  }
  return found;
}

/** Secrets seen by this process; redactText masks them wherever they appear. */
const knownSecrets = new Set<string>();

/** Remembers a secret so later text containing it is masked. Values under 3 characters are ignored. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 3) knownSecrets.add(secret);
}

/** Remembers every secret of a URL (see registerSecret). */
export function registerSecretsOf(url: string): void {
  for (const secret of secretsOf(url)) registerSecret(secret);
}

/**
 * Masks URL passwords (`scheme://user:pass@`) and every registered secret, also percent-encoded,
 * plus the secrets of `urls` given here (for a message about one URL without registering it).
 */
export function redactText(text: string, urls: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, "$1***@");
  const secrets = new Set([...knownSecrets, ...urls.flatMap(secretsOf).filter((s) => s.length >= 3)]);
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out;
}
