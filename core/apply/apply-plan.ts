// applyPlan: run an already computed plan under the migration lock (for callers that plan
// themselves, e.g. the Pulumi providers planning one object at a time).
import type { Queryable } from "../introspect/queryable";
import type { Plan } from "../plan/step";
import { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock";
import { StepEvent, executePlan } from "./execute-plan";
import type { LockBudget } from "./lock-budget";

export interface ApplyPlanOptions extends Partial<LockBudget> {
  advisoryLockTimeoutMs?: number;
  onEvent?: (event: StepEvent) => void;
}

/** Executes `plan` while holding the database's migration lock; returns the number of steps run. */
export async function applyPlan(
  client: Queryable,
  plan: Plan,
  options: ApplyPlanOptions = {},
): Promise<number> {
  if (plan.steps.length === 0) return 0;
  const { advisoryLockTimeoutMs, onEvent, ...budget } = options;
  await acquireMigrationLock(client, advisoryLockTimeoutMs ?? 10 * 60_000);
  try {
    return await executePlan(client, plan, { budget, onEvent });
  } finally {
    await releaseMigrationLock(client).catch(() => undefined);
  }
}
