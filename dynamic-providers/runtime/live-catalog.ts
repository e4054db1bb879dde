// One live catalog snapshot per database per engine operation: a provider process lives for one
// operation (preview, up, refresh) and serves every resource of a kind, so all their diffs share
// one introspection instead of querying per resource. Any change made through this process drops
// the snapshot, so the next read sees it.
import type { Client } from "pg";
import { withClient as connectAndRun } from "../../core/pg/with-client";
import type { SchemaModel } from "../../core/model/model";
import { introspectLiveModel } from "./schema-engine";

const snapshots = new Map<string, Promise<SchemaModel>>();

export function liveSnapshot(connection: string): Promise<SchemaModel> {
  let snapshot = snapshots.get(connection);
  if (!snapshot) {
    snapshot = withClient(connection, introspectLiveModel);
    snapshots.set(connection, snapshot);
    snapshot.catch(() => snapshots.delete(connection));
  }
  return snapshot;
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

/** An error's message with any trace of the connection string's password removed. */
export function redactedReason(error: unknown, connection: string): string {
  const message = error instanceof Error ? error.message : String(error);
  let password = "";
  try {
    password = decodeURIComponent(new URL(connection).password);
  } catch {
    // not a URL: nothing to redact by position
  }
  return password ? message.split(password).join("***") : message;
}
