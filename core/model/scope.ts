// The managed scope: which schemas a Database manages and which objects in them to leave alone
// (created by a library, by the platform, by hand). Ignored objects are never created, changed,
// dropped or reported as drift; declared objects may still depend on them (a foreign key into an
// ignored table or an unmanaged schema). Pure: matching is by kind and name pattern.
import { schemaCommentsOf } from "./schema";
import { SchemaValidationError, ValidationIssue } from "./errors";
import type { SchemaModel, TableModel } from "./model";

export const scopeKinds = [
  "table",
  "index",
  "constraint",
  "view",
  "function",
  "sequence",
  "extension",
  "type",
  "trigger",
  "policy",
  "privilege",
] as const;
export type ScopeKind = (typeof scopeKinds)[number];

/**
 * Leave alone every object of `kind` ("*" = any kind) whose name matches `name`: a glob where `*`
 * matches any run of characters and `?` one. A pattern with a dot matches the qualified name
 * (`schema.name`; for indexes and constraints also `schema.table.name`), one without matches the
 * bare name in any managed schema.
 */
export interface IgnoreRule {
  kind: ScopeKind | "*";
  name: string;
}

export interface ManagedScope {
  /** The schemas this database manages; default: the declared ones. Others are left alone entirely. */
  schemas?: string[];
  ignore?: IgnoreRule[];
}

const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .split("")
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, "s");
    globCache.set(pattern, re);
  }
  return re;
}

/** Does an ignore rule cover this object? `table` is the owning table of an index or constraint. */
export function isIgnored(
  scope: ManagedScope | undefined,
  kind: ScopeKind,
  schema: string,
  name: string,
  table?: string,
): boolean {
  for (const rule of scope?.ignore ?? []) {
    if (rule.kind !== "*" && rule.kind !== kind) continue;
    const re = glob(rule.name);
    if (!rule.name.includes(".")) {
      if (re.test(name)) return true;
      continue;
    }
    if (re.test(`${schema}.${name}`)) return true;
    if (table !== undefined && re.test(`${schema}.${table}.${name}`)) return true;
  }
  return false;
}

/** Is the schema managed? Without an explicit list, the declared schemas are (callers pass them). */
export function isManagedSchema(
  scope: ManagedScope | undefined,
  schema: string,
  declared: readonly string[],
): boolean {
  return scope?.schemas ? scope.schemas.includes(schema) : declared.includes(schema);
}

/**
 * A table the model may reference without declaring: in a schema outside an explicit scope, or
 * ignored by a rule. Without a scope nothing is outside it (a typo stays an error).
 */
export function isOutsideScope(scope: ManagedScope | undefined, schema: string, table: string): boolean {
  if (!scope) return false;
  if (scope.schemas && !scope.schemas.includes(schema)) return true;
  return isIgnored(scope, "table", schema, table);
}

function scopedTable(scope: ManagedScope | undefined, t: TableModel): TableModel {
  if (!scope?.ignore?.length) return t;
  return {
    ...t,
    constraints: t.constraints.filter((c) => !isIgnored(scope, "constraint", t.schema, c.name, t.name)),
    indexes: t.indexes.filter((i) => !isIgnored(scope, "index", t.schema, i.name, t.name)),
  };
}

/**
 * The part of a (live) model the scope manages: schemas outside it and ignored objects removed, so
 * the planner neither drops nor reports them. Enum types count as kind "type".
 */
export function withinScope(
  model: SchemaModel,
  scope: ManagedScope | undefined,
  schemas?: readonly string[],
): SchemaModel {
  const managed = (s: string) => (scope?.schemas ?? schemas ?? model.schemas).includes(s);
  const { schemaComments, ...rest } = model;
  return {
    ...rest,
    schemas: model.schemas.filter(managed),
    ...schemaCommentsOf(schemaComments, managed),
    enums: model.enums.filter((e) => managed(e.schema) && !isIgnored(scope, "type", e.schema, e.name)),
    tables: model.tables
      .filter((t) => managed(t.schema) && !isIgnored(scope, "table", t.schema, t.name))
      .map((t) => scopedTable(scope, t)),
    ...scopedRoutines(model, scope, managed),
    ...(model.domains
      ? {
          domains: model.domains.filter(
            (d) => managed(d.schema) && !isIgnored(scope, "type", d.schema, d.name),
          ),
        }
      : {}),
    ...(model.compositeTypes
      ? {
          compositeTypes: model.compositeTypes.filter(
            (c) => managed(c.schema) && !isIgnored(scope, "type", c.schema, c.name),
          ),
        }
      : {}),
    ...(model.sequences
      ? {
          sequences: model.sequences.filter(
            (q) => managed(q.schema) && !isIgnored(scope, "sequence", q.schema, q.name),
          ),
        }
      : {}),
    ...(model.extensions
      ? {
          extensions: model.extensions.filter(
            (x) => managed(x.schema) && !isIgnored(scope, "extension", x.schema, x.name),
          ),
        }
      : {}),
    ...(model.views
      ? { views: model.views.filter((v) => managed(v.schema) && !isIgnored(scope, "view", v.schema, v.name)) }
      : {}),
  };
}

/** Functions and triggers in scope (a trigger goes with its table); absent lists stay absent. */
function scopedRoutines(
  model: SchemaModel,
  scope: ManagedScope | undefined,
  managed: (schema: string) => boolean,
): Pick<SchemaModel, "functions" | "triggers"> {
  const out: Pick<SchemaModel, "functions" | "triggers"> = {};
  if (model.functions)
    out.functions = model.functions.filter(
      (f) => managed(f.schema) && !isIgnored(scope, "function", f.schema, f.name),
    );
  if (model.triggers)
    out.triggers = model.triggers.filter(
      (t) =>
        managed(t.schema) &&
        !isIgnored(scope, "table", t.schema, t.table) &&
        !isIgnored(scope, "trigger", t.schema, t.name, t.table),
    );
  return out;
}

/** Declared objects that an ignore rule covers or that sit outside the managed schemas: contradictions. */
export function scopeIssues(model: SchemaModel, scope: ManagedScope | undefined): ValidationIssue[] {
  if (!scope) return [];
  const issues: ValidationIssue[] = [];
  const where = (kind: string, schema: string, name: string) =>
    `${kind} "${schema === "public" ? name : `${schema}.${name}`}"`;
  for (const s of model.schemas) {
    if (scope.schemas && !scope.schemas.includes(s))
      issues.push({
        path: `schema "${s}"`,
        message: `declared, but not one of the managed scope's schemas (${scope.schemas.join(", ")})`,
      });
  }
  for (const e of model.enums) {
    if (isIgnored(scope, "type", e.schema, e.name))
      issues.push({ path: where("enum", e.schema, e.name), message: "declared, but the scope ignores it" });
  }
  for (const f of model.functions ?? []) {
    if (isIgnored(scope, "function", f.schema, f.name))
      issues.push({ path: where(f.kind, f.schema, f.name), message: "declared, but the scope ignores it" });
  }
  for (const t of model.triggers ?? []) {
    if (isIgnored(scope, "trigger", t.schema, t.name, t.table))
      issues.push({
        path: `${where("table", t.schema, t.table)}, trigger "${t.name}"`,
        message: "declared, but the scope ignores it",
      });
  }
  for (const q of model.sequences ?? []) {
    if (isIgnored(scope, "sequence", q.schema, q.name))
      issues.push({
        path: where("sequence", q.schema, q.name),
        message: "declared, but the scope ignores it",
      });
  }
  for (const x of model.extensions ?? []) {
    if (isIgnored(scope, "extension", x.schema, x.name))
      issues.push({ path: `extension "${x.name}"`, message: "declared, but the scope ignores it" });
  }
  for (const v of model.views ?? []) {
    if (isIgnored(scope, "view", v.schema, v.name))
      issues.push({ path: where("view", v.schema, v.name), message: "declared, but the scope ignores it" });
  }
  for (const t of model.tables) {
    if (isIgnored(scope, "table", t.schema, t.name))
      issues.push({ path: where("table", t.schema, t.name), message: "declared, but the scope ignores it" });
    for (const c of t.constraints) {
      if (isIgnored(scope, "constraint", t.schema, c.name, t.name))
        issues.push({
          path: `${where("table", t.schema, t.name)}, constraint "${c.name}"`,
          message: "declared, but the scope ignores it",
        });
    }
    for (const i of t.indexes) {
      if (isIgnored(scope, "index", t.schema, i.name, t.name))
        issues.push({
          path: `${where("table", t.schema, t.name)}, index "${i.name}"`,
          message: "declared, but the scope ignores it",
        });
    }
  }
  return issues;
}

/** `table:lib_*` (the CLI's --ignore) -> an IgnoreRule. */
export function parseIgnoreRule(text: string): IgnoreRule {
  const colon = text.indexOf(":");
  const kind = colon > 0 ? text.slice(0, colon) : "";
  const name = text.slice(colon + 1);
  const rule = { kind, name };
  const problem = ignoreRuleProblem(rule);
  if (problem)
    throw new SchemaValidationError([
      { path: `ignore "${text}"`, message: `${problem}; write KIND:PATTERN, e.g. table:lib_*` },
    ]);
  return rule as IgnoreRule;
}

function ignoreRuleProblem(rule: { kind?: unknown; name?: unknown }): string | null {
  if (rule.kind !== "*" && !scopeKinds.includes(rule.kind as ScopeKind))
    return `unknown kind ${JSON.stringify(rule.kind)} (one of *, ${scopeKinds.join(", ")})`;
  if (typeof rule.name !== "string" || rule.name.length === 0) return "needs a non-empty name pattern";
  return null;
}

/** A parsed JSON document -> ManagedScope, or SchemaValidationError naming every problem. */
export function parseScope(json: unknown): ManagedScope {
  const issues: ValidationIssue[] = [];
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SchemaValidationError([
      { path: "scope", message: 'must be an object like {"schemas": [...], "ignore": [...]}' },
    ]);
  }
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== "schemas" && k !== "ignore")
      issues.push({ path: "scope", message: `unknown field "${k}" (schemas, ignore)` });
  }
  if (
    o.schemas !== undefined &&
    (!Array.isArray(o.schemas) || o.schemas.some((s) => typeof s !== "string" || !s))
  ) {
    issues.push({ path: "scope.schemas", message: "must be a list of schema names" });
  }
  if (o.ignore !== undefined && !Array.isArray(o.ignore)) {
    issues.push({ path: "scope.ignore", message: 'must be a list of {"kind": ..., "name": ...}' });
  }
  (Array.isArray(o.ignore) ? o.ignore : []).forEach((r: unknown, i) => {
    const problem =
      typeof r === "object" && r !== null
        ? ignoreRuleProblem(r as Record<string, unknown>)
        : "must be an object";
    if (problem) issues.push({ path: `scope.ignore[${i}]`, message: problem });
  });
  if (issues.length) throw new SchemaValidationError(issues);
  return {
    ...(o.schemas !== undefined ? { schemas: [...(o.schemas as string[])] } : {}),
    ...(o.ignore !== undefined
      ? { ignore: (o.ignore as IgnoreRule[]).map((r) => ({ kind: r.kind, name: r.name })) }
      : {}),
  };
}
