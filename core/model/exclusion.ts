// Exclusion constraints (EXCLUDE USING gist (room WITH =, during WITH &&)): the constraint kind of a
// table, declared, introspected and validated here; the planner adds and drops them like checks.
import { expressionProblem } from "./check-expression";
import type { ValidationIssue } from "./errors";

export interface ExclusionElement {
  /** Exactly one of column and expression is set. */
  column: string | null;
  expression: string | null;
  /** The operator, e.g. "=" or "&&" (schema-qualified as OPERATOR(s.op) outside pg_catalog). */
  operator: string;
}

export interface ExclusionConstraint {
  kind: "exclusion";
  name: string;
  /** Index access method: gist (most common), spgist, btree, hash. */
  method: string;
  elements: ExclusionElement[];
  where: string | null;
  deferrable: boolean;
  initiallyDeferred: boolean;
}

export interface ExclusionDeclaration {
  type: "exclusion";
  method?: string;
  /** e.g. [{ column: "room", operator: "=" }, { column: "during", operator: "&&" }] */
  elements: Array<{ column?: string; expression?: string; operator: string }>;
  where?: string;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

export const exclusionMethods = ["gist", "spgist", "btree", "hash"];

export function exclusionFromDeclaration(name: string, decl: ExclusionDeclaration): ExclusionConstraint {
  const norm = (s: string | undefined) => (s === undefined ? null : s.trim().replace(/\s+/g, " "));
  return {
    kind: "exclusion",
    name,
    method: decl.method ?? "gist",
    elements: (decl.elements ?? []).map((e) => ({
      column: e.column ?? null,
      expression: norm(e.expression),
      operator: String(e.operator ?? "").trim(),
    })),
    where: norm(decl.where),
    deferrable: decl.deferrable ?? decl.initiallyDeferred ?? false,
    initiallyDeferred: decl.initiallyDeferred ?? false,
  };
}

export function exclusionToDeclaration(c: ExclusionConstraint): ExclusionDeclaration {
  return {
    type: "exclusion",
    ...(c.method !== "gist" ? { method: c.method } : {}),
    elements: c.elements.map((e) => ({
      ...(e.column !== null ? { column: e.column } : { expression: e.expression as string }),
      operator: e.operator,
    })),
    ...(c.where !== null ? { where: c.where } : {}),
    ...(c.deferrable ? { deferrable: true } : {}),
    ...(c.initiallyDeferred ? { initiallyDeferred: true } : {}),
  };
}

/** Operators are pasted into DDL: symbols only, or OPERATOR(schema.op). */
const operatorPattern =
  /^(?:[+\-*/<>=~!@#%^&|`?]{1,63}|OPERATOR\([A-Za-z_][A-Za-z0-9_$]*\.[+\-*/<>=~!@#%^&|`?]{1,63}\))$/;

export function validateExclusion(
  issues: ValidationIssue[],
  path: string,
  c: ExclusionConstraint,
  columns: ReadonlySet<string>,
): void {
  if (!exclusionMethods.includes(c.method))
    issues.push({ path, message: `method must be one of ${exclusionMethods.join(", ")}, not "${c.method}"` });
  if (c.elements.length === 0)
    issues.push({ path, message: "no elements: declare { column, operator } pairs" });
  for (const e of c.elements) {
    if ((e.column === null) === (e.expression === null))
      issues.push({ path, message: "each element needs exactly one of column and expression" });
    else if (e.column !== null && !columns.has(e.column))
      issues.push({ path, message: `unknown column "${e.column}"` });
    if (e.expression !== null) {
      const problem = expressionProblem(e.expression);
      if (problem) issues.push({ path, message: `expression ${JSON.stringify(e.expression)} ${problem}` });
    }
    if (!operatorPattern.test(e.operator))
      issues.push({
        path,
        message: `operator ${JSON.stringify(e.operator)} is not an operator (e.g. "=", "&&")`,
      });
  }
  if (c.where !== null) {
    const problem = expressionProblem(c.where);
    if (problem) issues.push({ path, message: `where ${JSON.stringify(c.where)} ${problem}` });
  }
}

/** The plain columns an exclusion constraint uses (expression elements name none). */
export function exclusionColumns(c: ExclusionConstraint): string[] {
  return c.elements.flatMap((e) => (e.column !== null ? [e.column] : []));
}
