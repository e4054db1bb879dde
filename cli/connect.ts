import { Client } from "pg";
import { registerSecretsOf } from "./redact";

/** Connects, remembering the URL's secrets for redaction; `fn` runs with the client, which is always closed. */
export async function withConnection<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  registerSecretsOf(url);
  const client = new Client({ connectionString: url, application_name: "schemastack" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
