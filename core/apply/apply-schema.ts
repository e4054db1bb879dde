// applySchema: lock, inspect, plan, execute, inspect again. The whole apply in one call.
import { introspect } from "../introspect/introspect";
import type { LiveSchema } from "../introspect/introspect";
import type { Queryable } from "../introspect/queryable";
import type { SchemaModel } from "../model/model";
import { buildPlan, planChanges } from "../plan/plan-changes";
import type { Plan, PlanOptions } from "../plan/step";
import { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock";
import { NotConvergedError } from "./errors";
import { ExecuteOptions, executePlan } from "./execute-plan";

export interface ApplyOptions extends PlanOptions, ExecuteOptions {
  /** How long to wait for another run's migration lock (ms). */
  advisoryLockTimeoutMs?: number;
  onLockWait?: () => void;
  /** Re-inspect after executing and fail if anything is left to do (default true). */
  verify?: boolean;
}

export interface ApplyResult {
  plan: Plan;
  executedSteps: number;
  before: LiveSchema;
  after: LiveSchema | null;
}

/**
 * `desired` should be rendered (core/render: the form Postgres prints, as every product path
 * passes it): an unrendered declaration converges only where normalizeExpression knows Postgres's
 * spelling, so a check such as `public.f(w) > 0` fails verification (`(public.f(w) > 0)` live).
 */
export async function applySchema(
  client: Queryable,
  desired: SchemaModel,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  await acquireMigrationLock(client, options.advisoryLockTimeoutMs ?? 10 * 60_000, options.onLockWait);
  try {
    // Planned under the lock: a concurrent run may have changed the schema while we waited.
    const schemas = options.scope?.schemas ?? desired.schemas;
    const before = await introspect(client, { schemas });
    const plan = planChanges(before, desired, options);
    const executedSteps = await executePlan(client, plan, options);
    let after: LiveSchema | null = null;
    if (options.verify ?? true) {
      after = await introspect(client, { schemas });
      const remaining = buildPlan(after, desired, { ...options, allowDataLoss: true }).steps;
      if (remaining.length) throw new NotConvergedError(remaining);
    }
    return { plan, executedSteps, before, after };
  } finally {
    await releaseMigrationLock(client).catch(() => undefined);
  }
}
