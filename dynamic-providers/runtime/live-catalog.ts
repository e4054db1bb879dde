// One live catalog snapshot per database per engine operation: a provider process lives for one
// operation (preview, up, refresh) and serves every schemastack resource, so all their diffs share
// one introspection instead of querying per resource. The migration resource replaces the snapshot
// with what it read back after applying the plan, so the object resources verify against that.
import type { Client } from "pg";
import { introspect, LiveSchema } from "../../core/introspect";
import { redactText } from "../../core/pg/connection-url";
import { withClient as connectAndRun } from "../../core/pg/with-client";

const snapshots = new Map<string, Promise<LiveSchema>>();

/** The operation's snapshot of the live catalog (introspected on first use). */
export function liveSnapshot(connection: string): Promise<LiveSchema> {
  let snapshot = snapshots.get(connection);
  if (!snapshot) {
    snapshot = withClient(connection, (client) => introspect(client));
    snapshots.set(connection, snapshot);
    snapshot.catch(() => snapshots.delete(connection));
  }
  return snapshot;
}

/** After a change: what was read back under the migration lock becomes the operation's snapshot. */
export function replaceSnapshot(connection: string, live: LiveSchema): void {
  snapshots.set(connection, Promise.resolve(live));
}

export function forgetSnapshot(connection: string): void {
  snapshots.delete(connection);
}

/** core's withClient, with errors (connection failures included) free of the URL's password. */
export async function withClient<T>(connection: string, fn: (client: Client) => Promise<T>): Promise<T> {
  try {
    return await connectAndRun(connection, fn);
  } catch (error) {
    if (error instanceof Error) error.message = redactedReason(error, connection);
    throw error;
  }
}

/**
 * An error's message with any trace of the connection string's secrets removed (the one redaction
 * of core/pg/connection-url.ts: URL passwords, the connection's password also percent-encoded, and
 * every secret this process registered).
 */
export function redactedReason(error: unknown, connection: string): string {
  return redactText(error instanceof Error ? error.message : String(error), [connection]);
}
