// The one way schemastack connects (CLI, providers, rendering, backups, branches, rollback):
// short-lived clients that always close and never crash the process when the server goes away.
import { Client } from "pg";

export interface ConnectOptions {
  /** Shows in pg_stat_activity, so an operator can tell what a session is. */
  applicationName?: string;
  connectTimeoutMs?: number;
}

/** A connected client; the caller ends it. */
export async function connectClient(url: string, options: ConnectOptions = {}): Promise<Client> {
  const client = new Client({
    connectionString: url,
    application_name: options.applicationName ?? "schemastack",
    ...(options.connectTimeoutMs !== undefined ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
  });
  // A backend terminated while the client is idle between statements (pg_terminate_backend, a
  // server restart) is reported as an 'error' event; without a listener Node turns it into an
  // uncaught exception that kills the CLI or provider process. The next query then rejects with
  // the connection error, which is the failure the caller reports.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

export async function withClient<T>(
  url: string,
  fn: (client: Client) => Promise<T>,
  options: ConnectOptions = {},
): Promise<T> {
  const client = await connectClient(url, options);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
