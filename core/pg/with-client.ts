// One short-lived connection per call: every caller (CLI, providers, rendering) connects the same
// way and always closes.
import { Client } from "pg";

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: "schemastack" });
  // A backend terminated while the client is idle between statements (pg_terminate_backend, a
  // server restart) is reported as an 'error' event; without a listener Node turns it into an
  // uncaught exception that kills the CLI or provider process. The next query then rejects with
  // the connection error, which is the failure the caller reports.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
