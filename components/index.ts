export { Database, promotionOutputs } from "./database";
export type { DatabaseArgs, DatabaseStackOutputs, DeclaredTable, TableOptions } from "./database";
export type {
  FunctionDeclaration,
  ProcedureDeclaration,
  TriggerDeclaration,
} from "../core/model/declaration";
export { StagingRehearsal } from "./staging-rehearsal";
export type { RehearsalArgs } from "./staging-rehearsal";
