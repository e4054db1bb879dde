// The provider runtime's only door into the core: read the live model, and change one object by
// planning live -> (live with that object replaced) with the same planner and executor the CLI
// uses, so a resource gets the same online DDL, lock budget and data-loss refusal as `schemastack apply`.
import type { Client } from "pg";
import { acquireMigrationLock, executePlan, releaseMigrationLock } from "../../core/apply";
import { introspect } from "../../core/introspect";
import type { SchemaModel } from "../../core/model/model";
import { describeObject, ObjectFragment, ObjectRef, replaceObject } from "../../core/model/objects";
import { DataLossRefusedError, planChanges } from "../../core/plan";
import { redactedReason, withClient } from "./live-catalog";

export interface ChangeOptions {
  allowDataLoss: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

export async function introspectLiveModel(client: Client): Promise<SchemaModel> {
  return (await introspect(client)).model;
}

/** One object's change: desired = live with `object` at `ref` (null removes it) and `removals` gone. */
export interface ObjectChange {
  ref: ObjectRef;
  object: ObjectFragment | null;
  removals: ObjectRef[];
}

export async function changeObject(
  connection: string,
  change: ObjectChange,
  options: ChangeOptions,
): Promise<void> {
  await withClient(connection, async (client) => {
    // Resources are applied concurrently by the engine: read, plan and execute under the
    // migration lock, so each change is planned against what the previous one left.
    await acquireMigrationLock(client, 10 * 60_000);
    try {
      await planAndExecute(client, connection, change, options);
    } finally {
      await releaseMigrationLock(client).catch(() => undefined);
    }
  });
}

async function planAndExecute(
  client: Client,
  connection: string,
  change: ObjectChange,
  options: ChangeOptions,
): Promise<void> {
  const { ref, object, removals } = change;
  const live = await introspect(client);
  const desired = removals.reduce(
    (model, r) => replaceObject(model, r, null),
    replaceObject(live.model, ref, object),
  );
  let plan;
  try {
    plan = planChanges(live, desired, { allowDataLoss: options.allowDataLoss });
  } catch (error) {
    if (error instanceof DataLossRefusedError) {
      throw new Error(
        `${describeObject(ref)}: ${error.message}\n` +
          "Nothing was changed. To allow it, set `allowDataLoss: true` on the Database " +
          "(or `pulumi config set schemastack:allowDataLoss true` for the stack), then run `pulumi up` again.",
      );
    }
    throw error;
  }
  if (plan.steps.length === 0) return;
  try {
    await executePlan(client, plan, {
      budget: { lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.statementTimeoutMs },
    });
  } catch (error) {
    throw new Error(`${describeObject(ref)}: ${redactedReason(error, connection)}`);
  }
}
