// Composite types (CREATE TYPE ... AS (...)): ordered attributes with types and collations.
import {
  accessDeclarationKeys,
  accessToDeclaration,
  type AccessDeclaration,
  type ObjectAccess,
} from "./privilege";
import type { ValidationIssue } from "./errors";
import { UserTypeResolver, normalizeType, resolveIn } from "./normalize-type";

export interface CompositeAttribute {
  name: string;
  type: string;
  collation: string | null;
}

export interface CompositeTypeModel extends ObjectAccess {
  schema: string;
  name: string;
  /** In declaration order: the order is part of the type. */
  attributes: CompositeAttribute[];
  comment: string | null;
}

export type CompositeAttributeDeclaration = string | { type: string; collation?: string };

export interface CompositeTypeDeclaration extends AccessDeclaration {
  /** name -> type (or { type, collation }), in order. */
  attributes: Record<string, CompositeAttributeDeclaration>;
  comment?: string;
}

export const compositeTypeDeclarationKeys = ["attributes", "comment", ...accessDeclarationKeys];

export function compositeTypeLabel(schema: string, name: string): string {
  return schema === "public" ? `composite type "${name}"` : `composite type "${schema}.${name}"`;
}

export function compositeTypeFromDeclaration(
  schema: string,
  name: string,
  decl: CompositeTypeDeclaration,
  resolve: UserTypeResolver,
  issues: ValidationIssue[],
): CompositeTypeModel {
  const path = compositeTypeLabel(schema, name);
  const attributes = Object.entries(decl.attributes ?? {}).map(([attr, a]) => {
    const d = typeof a === "string" ? { type: a } : a;
    const type = normalizeType(String(d?.type), resolveIn(resolve, schema));
    if (!type.ok) issues.push({ path: `${path}, attribute "${attr}"`, message: type.reason });
    return { name: attr, type: type.ok ? type.type : String(d?.type), collation: d?.collation ?? null };
  });
  if (attributes.length === 0) issues.push({ path, message: "no attributes declared" });
  return { schema, name, attributes, comment: decl.comment ?? null };
}

export function compositeTypeToDeclaration(t: CompositeTypeModel): CompositeTypeDeclaration {
  return {
    attributes: Object.fromEntries(
      t.attributes.map((a) => [
        a.name,
        a.collation === null ? a.type : { type: a.type, collation: a.collation },
      ]),
    ),
    ...(t.comment !== null ? { comment: t.comment } : {}),
    ...accessToDeclaration("type", t),
  };
}

export function compositeTypeShapeIssues(path: string, decl: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof decl.attributes !== "object" || decl.attributes === null || Array.isArray(decl.attributes)) {
    issues.push({ path, message: "attributes must be an object: name -> type" });
    return issues;
  }
  for (const [name, a] of Object.entries(decl.attributes as Record<string, unknown>)) {
    const apath = `${path}, attribute "${name}"`;
    if (typeof a === "string") continue;
    if (typeof a !== "object" || a === null || typeof (a as { type?: unknown }).type !== "string")
      issues.push({ path: apath, message: "must be a type name or { type, collation }" });
    else
      for (const key of Object.keys(a))
        if (key !== "type" && key !== "collation")
          issues.push({ path: apath, message: `unknown property "${key}"` });
  }
  if (decl.comment !== undefined && typeof decl.comment !== "string")
    issues.push({ path, message: `comment must be a string, not ${JSON.stringify(decl.comment)}` });
  return issues;
}

export function validateCompositeType(
  t: CompositeTypeModel,
  issues: ValidationIssue[],
  checkName: (path: string, what: string, name: string) => void,
): void {
  const path = compositeTypeLabel(t.schema, t.name);
  const seen = new Set<string>();
  for (const a of t.attributes) {
    checkName(`${path}, attribute "${a.name}"`, "attribute", a.name);
    if (seen.has(a.name.toLowerCase())) issues.push({ path, message: `duplicate attribute "${a.name}"` });
    seen.add(a.name.toLowerCase());
  }
}
