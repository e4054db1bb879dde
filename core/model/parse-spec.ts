// Reads an untrusted JSON value as a SchemaSpec: checks the shape and reports misspelt keys
// (`nullabel`) with their location instead of silently ignoring them.
import type { SchemaSpec } from "./declaration";
import { SchemaValidationError, ValidationIssue, enumLabel, tableLabel } from "./errors";
import { fromSpec } from "./from-declaration";
import type { SchemaModel } from "./model";
import type { ManagedScope } from "./scope";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const allowedKeys = {
  spec: ["version", "schemas", "$schema"],
  namespace: ["tables", "enums"],
  table: ["schema", "columns", "constraints", "indexes", "unlogged", "comment", "renamedFrom"],
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
  ],
  index: ["columns", "method", "unique", "nullsNotDistinct", "include", "where"],
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
  ],
  references: ["schema", "table", "columns"],
  enum: ["values", "comment", "renamedFrom", "renamedValues"],
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

/** Shape check of a parsed JSON document; throws SchemaValidationError listing every problem. */
export function parseSpec(json: unknown): SchemaSpec {
  const issues: ValidationIssue[] = [];
  if (checkKeys(issues, "spec", json, allowedKeys.spec)) {
    if (json.version !== undefined && typeof json.version !== "string")
      issues.push({ path: "spec", message: "version must be a string" });
    if (!isObject(json.schemas))
      issues.push({ path: "spec", message: 'needs "schemas": { "public": { "tables": {...} } }' });
    for (const [schema, ns] of Object.entries(checkRecord(issues, "spec", json.schemas, "schemas"))) {
      if (!checkKeys(issues, `schema "${schema}"`, ns, allowedKeys.namespace)) continue;
      for (const [name, e] of Object.entries(checkRecord(issues, `schema "${schema}"`, ns.enums, "enums"))) {
        if (Array.isArray(e)) continue;
        checkKeys(issues, enumLabel(schema, name), e, allowedKeys.enum);
      }
      for (const [name, t] of Object.entries(
        checkRecord(issues, `schema "${schema}"`, ns.tables, "tables"),
      )) {
        const path = tableLabel(schema, name);
        if (!checkKeys(issues, path, t, allowedKeys.table)) continue;
        for (const [cname, c] of Object.entries(checkRecord(issues, path, t.columns, "columns"))) {
          const cpath = `${path}, column "${cname}"`;
          if (checkKeys(issues, cpath, c, allowedKeys.column) && typeof c.type !== "string") {
            issues.push({ path: cpath, message: "type must be a string" });
          }
        }
        for (const [iname, i] of Object.entries(checkRecord(issues, path, t.indexes, "indexes"))) {
          const ipath = `${path}, index "${iname}"`;
          if (!checkKeys(issues, ipath, i, allowedKeys.index)) continue;
          if (!Array.isArray(i.columns)) issues.push({ path: ipath, message: "columns must be a list" });
          else
            for (const k of i.columns)
              if (typeof k !== "string") checkKeys(issues, ipath, k, allowedKeys.indexKey);
        }
        for (const [kname, k] of Object.entries(checkRecord(issues, path, t.constraints, "constraints"))) {
          const kpath = `${path}, constraint "${kname}"`;
          if (!checkKeys(issues, kpath, k, allowedKeys.constraint)) continue;
          if (!["primaryKey", "unique", "check", "foreignKey"].includes(String(k.type))) {
            issues.push({
              path: kpath,
              message: `type must be primaryKey, unique, check or foreignKey, not "${String(k.type)}"`,
            });
          }
          if (k.type === "check" && typeof k.expression !== "string")
            issues.push({ path: kpath, message: "expression must be a string" });
          if (k.type !== "check" && !Array.isArray(k.columns))
            issues.push({ path: kpath, message: "columns must be a list" });
          if (k.type === "foreignKey" && checkKeys(issues, kpath, k.references, allowedKeys.references)) {
            if (!Array.isArray(k.references.columns))
              issues.push({ path: kpath, message: "references.columns must be a list" });
          }
        }
      }
    }
  }
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
