export { Database, promotionOutputs } from "./database";
export type {
  DatabaseArgs,
  DatabaseStackOutputs,
  DeclaredRole,
  DeclaredTable,
  TableOptions,
} from "./database";
export type { GrantsDeclaration, DefaultPrivilegesDeclaration } from "../core/model/privilege";
export type { PolicyDeclaration, RowLevelSecurityDeclaration } from "../core/model/policy";
export type {
  FunctionDeclaration,
  ProcedureDeclaration,
  TriggerDeclaration,
} from "../core/model/declaration";
export { StagingRehearsal } from "./staging-rehearsal";
export type { RehearsalArgs } from "./staging-rehearsal";
