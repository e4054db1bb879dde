export { Database } from "./database";
export type { DatabaseArgs, DeclaredTable } from "./database";
export { Table } from "./table";
export { StagingRehearsal } from "./staging-rehearsal";
export type { RehearsalArgs } from "./staging-rehearsal";
