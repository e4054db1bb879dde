export { planChanges, planObjectChanges, buildPlan, belongsTo } from "./plan-changes";
export type { LiveState, ObjectPlanOptions } from "./plan-changes";
export {
  DataLossRefusedError,
  UnmanagedDependentError,
  UnsupportedChangeError,
  describeUnmanagedDependent,
  isDestructive,
} from "./step";
export type { Plan, PlanStep, PlanOptions, Hazard, HazardKind, LockMode, UnmanagedDependent } from "./step";
export { orderSteps, PlanCycleError } from "./plan-graph";
export type { GraphStep, LiveDependencies } from "./plan-graph";
export type { CatalogDependency } from "./dependencies";
export { schemaKey, enumKey, tableKey, columnKey, constraintKey, indexKey } from "./keys";
export { notNullCheckName } from "./plan-columns";
export { formatPlan } from "./format-plan";
export { UnknownRoleError } from "./plan-access";
export { MissingPrivilegeError } from "./authority";
