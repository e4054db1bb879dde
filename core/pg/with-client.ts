// One short-lived connection per call: every caller (CLI, providers, rendering) connects the same
// way and always closes.
import { Client } from "pg";

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: "schemastack" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
