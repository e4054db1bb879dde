/** One problem in a declared schema, located like `table "users", column "email"`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Thrown before any connection is made when a declared schema is invalid; lists every problem found. */
export class SchemaValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(
      issues.length === 1
        ? formatIssue(issues[0])
        : `${issues.length} problems in the schema:\n` +
            issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
    );
    this.name = "SchemaValidationError";
  }
}

/** Human labels used in issue paths; the public schema is implied. */
export function tableLabel(schema: string, name: string): string {
  return schema === "public" ? `table "${name}"` : `table "${schema}.${name}"`;
}

export function enumLabel(schema: string, name: string): string {
  return schema === "public" ? `enum "${name}"` : `enum "${schema}.${name}"`;
}
