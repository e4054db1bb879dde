export { introspect, checkExpressionFromDefinition } from "./introspect";
export type { LiveSchema, UnmanagedObject, IntrospectOptions, InvalidIndex } from "./introspect";
export type { Queryable } from "./queryable";
