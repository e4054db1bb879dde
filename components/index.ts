export { Database, promotionOutputs } from "./database";
export type { DatabaseArgs, DatabaseStackOutputs, DeclaredTable, TableOptions } from "./database";
export { StagingRehearsal } from "./staging-rehearsal";
export type { RehearsalArgs } from "./staging-rehearsal";
