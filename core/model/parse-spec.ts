// Reads an untrusted JSON value as a SchemaSpec: checks the shape and reports misspelt keys
// (`nullabel`) with their location instead of silently ignoring them.
import type { SchemaSpec } from "./declaration";
import { SchemaValidationError, ValidationIssue, enumLabel, tableLabel } from "./errors";
import { compositeTypeDeclarationKeys, compositeTypeLabel, compositeTypeShapeIssues } from "./composite-type";
import { domainDeclarationKeys, domainLabel, domainShapeIssues } from "./domain";
import { fromSpec } from "./from-declaration";
import { partitionShapeIssues } from "./partition";
import type { SchemaModel } from "./model";
import type { ManagedScope } from "./scope";
import { FunctionKind, functionArgumentKeys, functionDeclarationKeys, functionLabel } from "./function";
import { triggerDeclarationKeys, triggerLabel } from "./trigger";
import { sequenceDeclarationKeys, sequenceLabel } from "./sequence";
import { extensionLabel } from "./extension";
import { viewLabel, viewShapeIssues } from "./view";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const allowedKeys = {
  spec: ["version", "schemas", "$schema", "roles", "grants", "migrations"],
  namespace: [
    "tables",
    "enums",
    "views",
    "sequences",
    "extensions",
    "domains",
    "compositeTypes",
    "owner",
    "grants",
    "defaultPrivileges",
    "functions",
    "procedures",
  ],
  table: [
    "schema",
    "columns",
    "constraints",
    "indexes",
    "unlogged",
    "comment",
    "renamedFrom",
    "partitionBy",
    "partitions",
    "owner",
    "grants",
    "rowLevelSecurity",
    "policies",
    "triggers",
  ],
  policy: ["command", "as", "to", "using", "withCheck"],
  role: ["login", "memberOf", "password"],
  column: [
    "type",
    "nullable",
    "default",
    "identity",
    "generated",
    "collation",
    "comment",
    "primaryKey",
    "unique",
    "renamedFrom",
    "grants",
    "backfill",
    "using",
  ],
  index: ["columns", "method", "unique", "nullsNotDistinct", "include", "where", "with", "comment"],
  indexKey: ["column", "expression", "order", "nulls", "opclass", "collation"],
  constraint: [
    "type",
    "columns",
    "nullsNotDistinct",
    "deferrable",
    "initiallyDeferred",
    "expression",
    "references",
    "onDelete",
    "onUpdate",
    "method",
    "elements",
    "where",
    "comment",
    "noInherit",
  ],
  references: ["schema", "table", "columns"],
  enum: ["values", "comment", "renamedFrom", "renamedValues", "owner", "grants"],
  sequence: sequenceDeclarationKeys,
  ownedBy: ["table", "column"],
  extension: ["version"],
};

function checkKeys(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  allowed: string[],
): value is Record<string, unknown> {
  if (!isObject(value)) {
    issues.push({ path, message: "must be an object" });
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.push({ path, message: `unknown property "${key}"` });
  }
  return true;
}

/** JSON types of the scalar properties, checked where present (a "no" for nullable is not false). */
const propertyTypes: Record<string, "boolean" | "string"> = {
  nullable: "boolean",
  primaryKey: "boolean",
  unique: "boolean",
  unlogged: "boolean",
  nullsNotDistinct: "boolean",
  deferrable: "boolean",
  initiallyDeferred: "boolean",
  noInherit: "boolean",
  cycle: "boolean",
  version: "string",
  comment: "string",
  renamedFrom: "string",
  default: "string",
  generated: "string",
  collation: "string",
  identity: "string",
  method: "string",
  where: "string",
  opclass: "string",
  schema: "string",
  owner: "string",
  partitionBy: "string",
};

const allowedValues: Record<string, string[]> = { order: ["asc", "desc"], nulls: ["first", "last"] };

/** Property values of one object: JSON types, enumerated values, name lengths, deferrability. */
function checkValues(issues: ValidationIssue[], path: string, value: Record<string, unknown>): void {
  for (const [key, v] of Object.entries(value)) {
    const type = propertyTypes[key];
    if (type && v !== undefined && typeof v !== type)
      issues.push({ path, message: `${key} must be a ${type}, not ${JSON.stringify(v)}` });
    const allowed = allowedValues[key];
    if (allowed && v !== undefined && !allowed.includes(v as string))
      issues.push({ path, message: `${key} must be ${allowed.join(" or ")}, not ${JSON.stringify(v)}` });
  }
  if (typeof value.renamedFrom === "string" && Buffer.byteLength(value.renamedFrom) > 63)
    issues.push({ path, message: `renamedFrom "${value.renamedFrom}" is over Postgres' limit of 63 bytes` });
  if (value.initiallyDeferred === true && value.deferrable !== true)
    issues.push({ path, message: "initiallyDeferred needs deferrable: true" });
}

function checkRecord(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  what: string,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    issues.push({ path, message: `${what} must be an object keyed by name` });
    return {};
  }
  return value;
}

function checkFunctionShape(
  issues: ValidationIssue[],
  schema: string,
  name: string,
  kind: FunctionKind,
  f: unknown,
): void {
  const path = functionLabel({ schema, name, kind });
  if (!checkKeys(issues, path, f, functionDeclarationKeys)) return;
  for (const key of ["returns", "language", "body", "volatility", "parallel", "comment"])
    if (f[key] !== undefined && typeof f[key] !== "string")
      issues.push({ path, message: `${key} must be a string` });
  for (const key of ["strict", "securityDefiner"])
    if (f[key] !== undefined && typeof f[key] !== "boolean")
      issues.push({ path, message: `${key} must be a boolean` });
  if (f.arguments !== undefined) {
    if (!Array.isArray(f.arguments)) issues.push({ path, message: "arguments must be a list" });
    else for (const a of f.arguments) checkKeys(issues, `${path}, argument`, a, functionArgumentKeys);
  }
}

function checkTriggerShape(
  issues: ValidationIssue[],
  schema: string,
  table: string,
  name: string,
  t: unknown,
): void {
  const path = triggerLabel({ schema, table, name });
  if (!checkKeys(issues, path, t, triggerDeclarationKeys)) return;
  for (const key of ["timing", "forEach", "when", "function", "comment"])
    if (t[key] !== undefined && typeof t[key] !== "string")
      issues.push({ path, message: `${key} must be a string` });
  for (const key of ["events", "updateOf", "arguments"])
    if (
      t[key] !== undefined &&
      (!Array.isArray(t[key]) || (t[key] as unknown[]).some((v) => typeof v !== "string"))
    )
      issues.push({ path, message: `${key} must be a list of strings` });
}

/** Shape check of a parsed JSON document; throws SchemaValidationError listing every problem. */
export function parseSpec(json: unknown): SchemaSpec {
  const issues: ValidationIssue[] = [];
  if (checkKeys(issues, "spec", json, allowedKeys.spec)) {
    if (json.version !== undefined && typeof json.version !== "string")
      issues.push({ path: "spec", message: "version must be a string" });
    else if (json.version === "" || (typeof json.version === "string" && json.version.includes("\u0000")))
      issues.push({ path: "spec", message: "version must be a non-empty string without NUL bytes" });
    if (!isObject(json.schemas))
      issues.push({ path: "spec", message: 'needs "schemas": { "public": { "tables": {...} } }' });
    for (const [schema, ns] of Object.entries(checkRecord(issues, "spec", json.schemas, "schemas"))) {
      if (!checkKeys(issues, `schema "${schema}"`, ns, allowedKeys.namespace)) continue;
      if (ns.owner !== undefined && typeof ns.owner !== "string")
        issues.push({ path: `schema "${schema}"`, message: "owner must be a string" });
      for (const [name, q] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.sequences, "sequences"),
      )) {
        const qpath = sequenceLabel(schema, name);
        if (!checkKeys(issues, qpath, q, allowedKeys.sequence)) continue;
        checkValues(issues, qpath, q);
        if (q.ownedBy !== undefined) checkKeys(issues, qpath, q.ownedBy, allowedKeys.ownedBy);
      }
      for (const [name, x] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.extensions, "extensions"),
      )) {
        if (checkKeys(issues, extensionLabel(name), x, allowedKeys.extension))
          checkValues(issues, extensionLabel(name), x);
      }
      for (const [name, e] of Object.entries(checkRecord(issues, `schema "${schema}"`, ns.enums, "enums"))) {
        if (Array.isArray(e)) continue;
        checkKeys(issues, enumLabel(schema, name), e, allowedKeys.enum);
      }
      for (const kind of ["function", "procedure"] as const) {
        const record = checkRecord(issues, `schema "${schema}"`, ns[`${kind}s`], `${kind}s`);
        for (const [name, f] of Object.entries(record)) checkFunctionShape(issues, schema, name, kind, f);
      }
      for (const [name, d] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.domains, "domains"),
      ))
        if (checkKeys(issues, domainLabel(schema, name), d, domainDeclarationKeys))
          issues.push(...domainShapeIssues(domainLabel(schema, name), d));
      for (const [name, c] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.compositeTypes, "compositeTypes"),
      ))
        if (checkKeys(issues, compositeTypeLabel(schema, name), c, compositeTypeDeclarationKeys))
          issues.push(...compositeTypeShapeIssues(compositeTypeLabel(schema, name), c));
      for (const [name, v] of Object.entries(checkRecord(issues, `schema "${schema}"`, ns.views, "views"))) {
        const path = viewLabel(schema, name, isObject(v) && v.materialized === true);
        if (!isObject(v)) issues.push({ path, message: "must be an object" });
        else issues.push(...viewShapeIssues(path, v));
      }
      for (const [name, t] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.tables, "tables"),
      )) {
        const path = tableLabel(schema, name);
        if (!checkKeys(issues, path, t, allowedKeys.table)) continue;
        checkValues(issues, path, t);
        for (const [pname, p] of Object.entries(checkRecord(issues, path, t.policies, "policies")))
          checkKeys(issues, `${path}, policy "${pname}"`, p, allowedKeys.policy);
        for (const [tname, tg] of Object.entries(checkRecord(issues, path, t.triggers, "triggers")))
          checkTriggerShape(issues, schema, name, tname, tg);
        issues.push(...partitionShapeIssues(path, t.partitions));
        for (const [cname, c] of Object.entries(checkRecord(issues, path, t.columns, "columns"))) {
          const cpath = `${path}, column "${cname}"`;
          if (!checkKeys(issues, cpath, c, allowedKeys.column)) continue;
          if (typeof c.type !== "string") issues.push({ path: cpath, message: "type must be a string" });
          checkValues(issues, cpath, c);
        }
        for (const [iname, i] of Object.entries(checkRecord(issues, path, t.indexes, "indexes"))) {
          const ipath = `${path}, index "${iname}"`;
          if (!checkKeys(issues, ipath, i, allowedKeys.index)) continue;
          checkValues(issues, ipath, i);
          if (i.with !== undefined && !isObject(i.with))
            issues.push({ path: ipath, message: "with must be an object of storage parameters" });
          for (const [k, v] of Object.entries(isObject(i.with) ? i.with : {}))
            if (!["string", "number", "boolean"].includes(typeof v))
              issues.push({ path: ipath, message: `with.${k} must be a number, string or boolean` });
          if (!Array.isArray(i.columns)) issues.push({ path: ipath, message: "columns must be a list" });
          else
            for (const k of i.columns)
              if (typeof k !== "string" && checkKeys(issues, ipath, k, allowedKeys.indexKey))
                checkValues(issues, ipath, k);
        }
        for (const [kname, k] of Object.entries(checkRecord(issues, path, t.constraints, "constraints"))) {
          const kpath = `${path}, constraint "${kname}"`;
          if (!checkKeys(issues, kpath, k, allowedKeys.constraint)) continue;
          checkValues(issues, kpath, k);
          if (!["primaryKey", "unique", "check", "foreignKey", "exclusion"].includes(String(k.type))) {
            issues.push({
              path: kpath,
              message: `type must be primaryKey, unique, check, foreignKey or exclusion, not "${String(k.type)}"`,
            });
          }
          if (k.type === "check" && typeof k.expression !== "string")
            issues.push({ path: kpath, message: "expression must be a string" });
          if (k.type === "exclusion" && !Array.isArray(k.elements))
            issues.push({
              path: kpath,
              message: "an exclusion constraint needs elements: a list of { column, operator }",
            });
          if (k.type !== "check" && k.type !== "exclusion" && !Array.isArray(k.columns))
            issues.push({ path: kpath, message: "columns must be a list" });
          if (k.type === "foreignKey" && checkKeys(issues, kpath, k.references, allowedKeys.references)) {
            if (!Array.isArray(k.references.columns))
              issues.push({ path: kpath, message: "references.columns must be a list" });
          }
        }
      }
    }
  }
  if (isObject(json))
    for (const [name, r] of Object.entries(checkRecord(issues, "spec", json.roles, "roles")))
      checkKeys(issues, `role "${name}"`, r, allowedKeys.role);
  if (issues.length) throw new SchemaValidationError(issues);
  return json as unknown as SchemaSpec;
}

/** JSON text -> validated model (within `scope`, if given). */
export function modelFromJson(text: string, options: { scope?: ManagedScope } = {}): SchemaModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SchemaValidationError([{ path: "spec", message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return fromSpec(parseSpec(json), options);
}
