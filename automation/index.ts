// The Automation-API side of schemastack: stack history with schema versions, rollback, up with
// automatic rollback (issue 8).
export { stackHistory, stackHistoryWithSchemas, checkpointToDeployment } from "./history";
export type { StackVersion, StackVersionWithSchema, HistoryOptions } from "./history";
export { rollbackStack, chooseTarget, RollbackTargetError } from "./rollback";
export type { RollbackStackOptions, RollbackStackResult } from "./rollback";
export { upWithRollback, autoRollbackConfigured } from "./up";
export type { UpOptions, UpOutcome } from "./up";
export { openExistingStack } from "./workspace";
export { databasesIn, connectionsIn } from "./checkpoint";
export type { DatabaseCheckpoint, UntypedDeployment } from "./checkpoint";
export { readRollbackEntries, rollbackEntriesFromTags, formatRollbackEntry } from "./rollback-record";
export type { RollbackEntry, RestoredData } from "./rollback-record";
