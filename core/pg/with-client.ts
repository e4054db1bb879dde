// The one way schemastack connects (CLI, providers, rendering, backups, branches, rollback):
// short-lived clients that always close, never crash the process when the server goes away, and
// never wait on a server longer than the time budget (core/pg/time-budget.ts).
import { Client } from "pg";
import { registerCleanup } from "../lifecycle/cleanups";
import { formatOwner } from "../lifecycle/run-owner";
import { TimeBudgetExceededError, serverOf, timeBudget } from "./time-budget";

export interface ConnectOptions {
  /**
   * Shows in pg_stat_activity, so an operator can tell what a session is; the run's owner
   * (host_pid_start) follows it, so a later run can end the sessions a killed run left running.
   */
  applicationName?: string;
  /** Default: the process's time budget (`connectTimeoutMs`). */
  connectTimeoutMs?: number;
  /**
   * pg's pipeline mode: queries issued together go out together, and introspection then reads the
   * catalog in a few round trips instead of one per query (core/introspect/introspect.ts). Only for
   * clients whose queries are awaited or issued together on purpose (pg warns on others).
   */
  pipeline?: boolean;
}

/** A connected client; the caller ends it. */
export async function connectClient(url: string, options: ConnectOptions = {}): Promise<Client> {
  const connectTimeoutMs = options.connectTimeoutMs ?? timeBudget().connectTimeoutMs;
  const client = new Client({
    connectionString: url,
    application_name: `${options.applicationName ?? "schemastack"} ${formatOwner()}`,
    connectionTimeoutMillis: connectTimeoutMs,
    pipeline: options.pipeline ?? false,
  });
  // A backend terminated while the client is idle between statements (pg_terminate_backend, a
  // server restart) is reported as an 'error' event; without a listener Node turns it into an
  // uncaught exception that kills the CLI or provider process. The next query then rejects with
  // the connection error, which is the failure the caller reports.
  client.on("error", () => undefined);
  const started = Date.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    // pg reports its own timer as "Connection terminated due to connection timeout" / "timeout
    // expired": say which limit it was and how to raise it.
    if (Date.now() - started >= connectTimeoutMs && /timeout/i.test((error as Error).message ?? "")) {
      throw new TimeBudgetExceededError(
        `connecting to ${serverOf(url)}`,
        "connectTimeoutMs",
        connectTimeoutMs,
        error,
      );
    }
    throw error;
  }
  // Stopped by a signal while a statement runs (a DDL waiting for its lock, a long render): end the
  // session from outside, so its transaction rolls back and its locks go now, not when it finishes.
  const backendPid = (client as unknown as { processID?: number }).processID;
  if (backendPid) {
    const unregister = registerCleanup(`session ${backendPid} on ${serverOf(url)}`, async () => {
      const other = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
      other.on("error", () => undefined);
      try {
        await other.connect();
        await other.query("select pg_catalog.pg_terminate_backend($1)", [backendPid]);
      } finally {
        await other.end().catch(() => undefined);
      }
    });
    client.once("end", unregister);
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
