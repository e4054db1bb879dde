// Rollback to an earlier declared schema with data restored from pre-migration dumps (issue 8).
// Pulumi-free: automation/ feeds it the declarations and dumps found in the stack's history.
export {
  planRollback,
  findDataRestores,
  relaxForRestore,
  withReverseRenames,
  unionScope,
} from "./plan-rollback";
export type { DataRestore, DumpRef, LaterVersion, RollbackPlan, PlanRollbackOptions } from "./plan-rollback";
export {
  prepareRollback,
  runRollback,
  RollbackRefusedError,
  RollbackFailedError,
  targetFingerprint,
} from "./run-rollback";
export type { RollbackEvent, RunRollbackOptions } from "./run-rollback";
export { formatRollbackPlan } from "./format";
