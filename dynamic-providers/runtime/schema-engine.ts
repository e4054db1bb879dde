// The provider runtime's only door into the core: read the live model, and change one object by
// planning live -> (live with that object replaced) with the same planner and executor the CLI uses.
import type { Client } from "pg";
import { introspect } from "../../core/introspect";
import type { SchemaModel } from "../../core/model/model";
import { ObjectFragment, ObjectRef, replaceObject } from "../../core/model/objects";
import { withClient } from "./live-catalog";

export interface ChangeOptions {
  allowDataLoss: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

export async function introspectLiveModel(client: Client): Promise<SchemaModel> {
  return (await introspect(client)).model;
}

export async function changeObject(
  connection: string,
  ref: ObjectRef,
  object: ObjectFragment | null,
  removals: ObjectRef[],
  options: ChangeOptions,
): Promise<void> {
  await withClient(connection, async (client) => {
    const live = (await introspect(client)).model;
    const desired = removals.reduce(
      (model, r) => replaceObject(model, r, null),
      replaceObject(live, ref, object),
    );
    void desired;
    void options;
    throw new Error("planner not wired yet");
  });
}
