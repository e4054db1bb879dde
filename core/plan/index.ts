export { planChanges, planObjectChanges, buildPlan, belongsTo } from "./plan-changes";
export type { LiveState, ObjectPlanOptions } from "./plan-changes";
export { DataLossRefusedError, UnsupportedChangeError, isDestructive } from "./step";
export type { Plan, PlanStep, PlanOptions, Hazard, HazardKind, LockMode } from "./step";
export { schemaKey, enumKey, tableKey, columnKey, constraintKey, indexKey } from "./keys";
export { notNullCheckName } from "./plan-columns";
export { formatPlan } from "./format-plan";
