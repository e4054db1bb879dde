// Object keys identify what a step changes, so a caller (a Pulumi resource) can take just its own steps.
export const schemaKey = (schema: string) => `schema:${schema}`;
export const enumKey = (schema: string, name: string) => `enum:${schema}.${name}`;
export const tableKey = (schema: string, name: string) => `table:${schema}.${name}`;
export const columnKey = (schema: string, table: string, column: string) =>
  `column:${schema}.${table}.${column}`;
export const constraintKey = (schema: string, table: string, name: string) =>
  `constraint:${schema}.${table}.${name}`;
/** `column:s.t.c` -> `table:s.t` (null for other keys): a step that needs a column needs its table under its current name. */
export const tableKeyOfColumn = (key: string): string | null => {
  const m = /^column:(.*)\.[^.]*$/s.exec(key);
  return m ? `table:${m[1]}` : null;
};
export const indexKey = (schema: string, table: string, name: string) => `index:${schema}.${table}.${name}`;
export const sequenceKey = (schema: string, name: string) => `sequence:${schema}.${name}`;
/** Extensions are database-wide: keyed by name alone (their schema is a property). */
export const extensionKey = (name: string) => `extension:${name}`;
