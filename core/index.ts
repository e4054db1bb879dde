// The schema core, free of Pulumi: model -> introspection -> planner -> executor.
export * from "./model";
export * from "./introspect";
export * from "./plan";
export * from "./apply";
export { quoteIdent, quoteQualified, quoteLiteral, quoteIdentList } from "./sql";
