export { Database } from "./database";
export type { DatabaseArgs, DeclaredTable } from "./database";
export { Table } from "./table";
