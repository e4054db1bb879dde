// Domains: a base type with an optional default, NOT NULL and named CHECK constraints (which use
// VALUE). Model, declaration <-> model, and the domain's own validation rules.
import {
  accessDeclarationKeys,
  accessToDeclaration,
  type AccessDeclaration,
  type ObjectAccess,
} from "./privilege";
import { expressionProblem } from "./check-expression";
import type { ValidationIssue } from "./errors";
import { normalizeExpression } from "./normalize-expression";
import { UserTypeResolver, normalizeType, resolveIn } from "./normalize-type";

export interface DomainCheck {
  name: string;
  /** The boolean expression without CHECK (...), as Postgres prints it: `(VALUE > 0)`. */
  expression: string;
}

export interface DomainModel extends ObjectAccess {
  schema: string;
  name: string;
  /** The base type, normalised like a column type. */
  type: string;
  collation: string | null;
  default: string | null;
  nullable: boolean;
  /** In name order (Postgres checks domain constraints in name order too). */
  checks: DomainCheck[];
  comment: string | null;
}

export interface DomainDeclaration extends AccessDeclaration {
  /** The base type: any spelling a column type accepts (another domain or an enum too). */
  type: string;
  /** Default true; false adds NOT NULL. */
  nullable?: boolean;
  default?: string;
  collation?: string;
  /** Named checks: name -> boolean expression over VALUE, e.g. `{ positive: "VALUE > 0" }`. */
  checks?: Record<string, string>;
  comment?: string;
}

export const domainDeclarationKeys = [
  "type",
  "nullable",
  "default",
  "collation",
  "checks",
  "comment",
  ...accessDeclarationKeys,
];

export function domainLabel(schema: string, name: string): string {
  return schema === "public" ? `domain "${name}"` : `domain "${schema}.${name}"`;
}

export function domainFromDeclaration(
  schema: string,
  name: string,
  decl: DomainDeclaration,
  resolve: UserTypeResolver,
  issues: ValidationIssue[],
): DomainModel {
  const path = domainLabel(schema, name);
  const type = typeof decl.type === "string" ? normalizeType(decl.type, resolveIn(resolve, schema)) : null;
  if (type === null) issues.push({ path, message: "type must be a string" });
  else if (!type.ok) issues.push({ path, message: type.reason });
  const checks = Object.entries(decl.checks ?? {}).map(([checkName, expression]) => ({
    name: checkName,
    expression: typeof expression === "string" ? normalizeExpression(expression) : String(expression),
  }));
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    schema,
    name,
    type: type?.ok ? type.type : String(decl.type),
    collation: decl.collation ?? null,
    default: decl.default === undefined ? null : normalizeExpression(decl.default),
    nullable: decl.nullable ?? true,
    checks,
    comment: decl.comment ?? null,
  };
}

export function domainToDeclaration(d: DomainModel): DomainDeclaration {
  return {
    type: d.type,
    ...(!d.nullable ? { nullable: false } : {}),
    ...(d.default !== null ? { default: d.default } : {}),
    ...(d.collation !== null ? { collation: d.collation } : {}),
    ...(d.checks.length ? { checks: Object.fromEntries(d.checks.map((c) => [c.name, c.expression])) } : {}),
    ...(d.comment !== null ? { comment: d.comment } : {}),
    ...accessToDeclaration("type", d),
  };
}

/** Shape of a JSON domain declaration (types of its properties). */
export function domainShapeIssues(path: string, decl: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof decl.type !== "string") issues.push({ path, message: "type must be a string" });
  if (decl.nullable !== undefined && typeof decl.nullable !== "boolean")
    issues.push({ path, message: `nullable must be a boolean, not ${JSON.stringify(decl.nullable)}` });
  for (const key of ["default", "collation", "comment"])
    if (decl[key] !== undefined && typeof decl[key] !== "string")
      issues.push({ path, message: `${key} must be a string, not ${JSON.stringify(decl[key])}` });
  if (decl.checks !== undefined) {
    if (typeof decl.checks !== "object" || decl.checks === null || Array.isArray(decl.checks))
      issues.push({ path, message: "checks must be an object: name -> expression" });
    else
      for (const [name, e] of Object.entries(decl.checks))
        if (typeof e !== "string")
          issues.push({ path: `${path}, check "${name}"`, message: "expression must be a string" });
  }
  return issues;
}

/** A domain's own rules (names are checked with the other type names). */
export function validateDomain(
  d: DomainModel,
  issues: ValidationIssue[],
  checkName: (path: string, what: string, name: string) => void,
): void {
  const path = domainLabel(d.schema, d.name);
  const seen = new Set<string>();
  for (const c of d.checks) {
    const cpath = `${path}, check "${c.name}"`;
    checkName(cpath, "check", c.name);
    if (seen.has(c.name.toLowerCase())) issues.push({ path, message: `duplicate check "${c.name}"` });
    seen.add(c.name.toLowerCase());
    const problem = expressionProblem(c.expression);
    if (problem)
      issues.push({ path: cpath, message: `expression ${JSON.stringify(c.expression)} ${problem}` });
    else if (!/\bvalue\b/i.test(c.expression))
      issues.push({ path: cpath, message: `expression ${JSON.stringify(c.expression)} does not use VALUE` });
  }
  if (d.default !== null) {
    const problem = expressionProblem(d.default);
    if (problem) issues.push({ path, message: `default ${JSON.stringify(d.default)} ${problem}` });
  }
  if (d.type.endsWith("[]") === false && d.type === `${d.schema}.${d.name}`)
    issues.push({ path, message: "a domain cannot be based on itself" });
}
