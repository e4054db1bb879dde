import type { Client } from "pg";
import { withClient } from "../core/pg/with-client";
import { registerSecretsOf } from "../core/pg/connection-url";

/** Connects, remembering the URL's secrets for redaction; `fn` runs with the client, which is always closed. */
export async function withConnection<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  registerSecretsOf(url);
  return withClient(url, fn);
}
