// Partitioned tables: a table's `partitionBy` (RANGE/LIST/HASH and its key) and its partitions,
// each a table of the same schema with its bound (FOR VALUES ... or DEFAULT). Columns, constraints
// and indexes are declared on the parent; Postgres gives every partition its own copy.
import { expressionProblem } from "./check-expression";
import type { ValidationIssue } from "./errors";
import { normalizeExpression } from "./normalize-expression";

export interface PartitionModel {
  name: string;
  /** As pg_get_expr(relpartbound) prints it: `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`, `DEFAULT`. */
  bound: string;
  comment: string | null;
}

export interface PartitionDeclaration {
  /** The bound: `FROM ('2024-01-01') TO ('2025-01-01')`, `IN ('a', 'b')`, `WITH (modulus 4, remainder 0)` or `DEFAULT`. */
  values: string;
  comment?: string;
}

/** `range (created_at)` -> `RANGE (created_at)`, as pg_get_partkeydef prints it. */
export function normalizePartitionBy(text: string): string {
  const t = normalizeExpression(text);
  const m = /^(range|list|hash)\s*\(/i.exec(t);
  return m ? `${m[1].toUpperCase()} (${t.slice(m[0].length)}` : t;
}

/** `from (1) to (10)` -> `FOR VALUES FROM (1) TO (10)`; `default` -> `DEFAULT`. */
export function normalizePartitionBound(text: string): string {
  const t = normalizeExpression(text).replace(/^for values\s+/i, "");
  if (/^default$/i.test(t)) return "DEFAULT";
  const m = /^(from|in|with)\s*\(/i.exec(t);
  if (!m) return `FOR VALUES ${t}`;
  let rest = `${m[1].toUpperCase()} (${t.slice(m[0].length)}`;
  rest = rest.replace(/\)\s*to\s*\(/i, ") TO (");
  return `FOR VALUES ${rest}`;
}

export function partitionFromDeclaration(name: string, decl: PartitionDeclaration | string): PartitionModel {
  const d = typeof decl === "string" ? { values: decl } : decl;
  return { name, bound: normalizePartitionBound(String(d.values ?? "")), comment: d.comment ?? null };
}

export function partitionToDeclaration(p: PartitionModel): PartitionDeclaration {
  return {
    values: p.bound === "DEFAULT" ? "DEFAULT" : p.bound.replace(/^FOR VALUES /, ""),
    ...(p.comment !== null ? { comment: p.comment } : {}),
  };
}

export function partitionShapeIssues(path: string, partitions: unknown): ValidationIssue[] {
  if (partitions === undefined) return [];
  if (typeof partitions !== "object" || partitions === null || Array.isArray(partitions))
    return [{ path, message: "partitions must be an object keyed by name" }];
  const issues: ValidationIssue[] = [];
  for (const [name, p] of Object.entries(partitions)) {
    const ppath = `${path}, partition "${name}"`;
    if (typeof p === "string") continue;
    if (typeof p !== "object" || p === null || typeof (p as { values?: unknown }).values !== "string") {
      issues.push({
        path: ppath,
        message: 'needs values: "FROM (...) TO (...)", "IN (...)", "WITH (...)" or "DEFAULT"',
      });
      continue;
    }
    for (const key of Object.keys(p))
      if (key !== "values" && key !== "comment")
        issues.push({ path: ppath, message: `unknown property "${key}"` });
  }
  return issues;
}

const boundShape = /^(DEFAULT|FOR VALUES (FROM \(.*\) TO \(.*\)|IN \(.*\)|WITH \(.*\)))$/s;

/** Rules of a table's partitioning; `path` names the table. */
export function validatePartitioning(
  issues: ValidationIssue[],
  path: string,
  partitionBy: string | undefined,
  partitions: readonly PartitionModel[],
  checkName: (path: string, what: string, name: string) => void,
): void {
  if (partitionBy !== undefined) {
    const m = /^(RANGE|LIST|HASH) \((.*)\)$/s.exec(partitionBy);
    if (!m)
      issues.push({
        path,
        message: `partitionBy ${JSON.stringify(partitionBy)} must be RANGE (...), LIST (...) or HASH (...)`,
      });
    else {
      const problem = expressionProblem(`(${m[2]})`);
      if (problem) issues.push({ path, message: `partitionBy ${JSON.stringify(partitionBy)} ${problem}` });
    }
  } else if (partitions.length) {
    issues.push({ path, message: "partitions declared without partitionBy" });
  }
  let defaults = 0;
  for (const p of partitions) {
    const ppath = `${path}, partition "${p.name}"`;
    checkName(ppath, "partition", p.name);
    if (p.bound === "DEFAULT") defaults++;
    if (!boundShape.test(p.bound))
      issues.push({
        path: ppath,
        message: `values ${JSON.stringify(p.bound)} must be FROM (...) TO (...), IN (...), WITH (...) or DEFAULT`,
      });
    else if (p.bound !== "DEFAULT") {
      const problem = expressionProblem(
        `(${p.bound.replace(/^FOR VALUES (FROM|IN|WITH) /, "").replace(/\) TO \(/, "), (")})`,
      );
      if (problem) issues.push({ path: ppath, message: `values ${JSON.stringify(p.bound)} ${problem}` });
    }
    if (p.bound !== "DEFAULT" && partitionBy?.startsWith("HASH") && !p.bound.startsWith("FOR VALUES WITH"))
      issues.push({ path: ppath, message: "a HASH partition needs values WITH (modulus N, remainder R)" });
    if (p.bound === "DEFAULT" && partitionBy?.startsWith("HASH"))
      issues.push({ path: ppath, message: "a HASH partitioned table cannot have a DEFAULT partition" });
  }
  if (defaults > 1) issues.push({ path, message: `${defaults} DEFAULT partitions declared: at most one` });
}
