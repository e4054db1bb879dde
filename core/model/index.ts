export * from "./model";
export * from "./declaration";
export * from "./errors";
export { normalizeType, isIntegerType } from "./normalize-type";
export type { TypeResolution, UserTypeResolver } from "./normalize-type";
export { normalizeExpression } from "./normalize-expression";
export {
  fromSpec,
  tableFromDeclaration,
  enumFromDeclaration,
  enumResolver,
  modelFromSpecUnchecked,
} from "./from-declaration";
export { validateModel, hasUniqueKey, maxIdentifierBytes } from "./validate";
export { canonicalSchema, canonicalJson, sameSchema, describeDifferences } from "./canonical";
export { schemaFingerprint } from "./fingerprint";
export { toSpec, tableToDeclaration, enumToDeclaration } from "./to-declaration";
export { parseSpec, modelFromJson } from "./parse-spec";
export {
  scopeKinds,
  isIgnored,
  isManagedSchema,
  isOutsideScope,
  withinScope,
  scopeIssues,
  parseScope,
  parseIgnoreRule,
} from "./scope";
export type { ManagedScope, IgnoreRule, ScopeKind } from "./scope";
export type { CatalogDependency } from "./dependency";
export { domainLabel } from "./domain";
export { compositeTypeLabel } from "./composite-type";
