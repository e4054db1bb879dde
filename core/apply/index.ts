export { applySchema } from "./apply-schema";
export type { ApplyOptions, ApplyResult } from "./apply-schema";
export { executePlan, groupSteps, findBlockers } from "./execute-plan";
export type { ExecuteOptions, StepEvent } from "./execute-plan";
export { acquireMigrationLock, releaseMigrationLock } from "./advisory-lock";
export { defaultLockBudget } from "./lock-budget";
export type { LockBudget } from "./lock-budget";
export * from "./errors";
