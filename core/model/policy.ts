// Row-level security and policies: model types, declaration -> model and validation of this kind.
// A table manages its `rowLevelSecurity` and its `policies` only when it declares them; then they
// are exact (a live policy the declaration does not list is dropped, like an undeclared index).
import { expressionProblem } from "./check-expression";
import type { ValidationIssue } from "./errors";
import { normalizeExpression } from "./normalize-expression";
import { PUBLIC, checkRoleName } from "./privilege";

export const policyCommands = ["all", "select", "insert", "update", "delete"] as const;
export type PolicyCommand = (typeof policyCommands)[number];

export interface PolicyDeclaration {
  /** Default "all". */
  command?: PolicyCommand;
  /** Default "permissive" (policies are OR-ed); "restrictive" ones are AND-ed. */
  as?: "permissive" | "restrictive";
  /** Roles the policy applies to; default every role (PUBLIC). */
  to?: string[];
  /** Rows visible / affected (not for insert). */
  using?: string;
  /** Rows that may be written (not for select or delete). */
  withCheck?: string;
}

export interface PolicyModel {
  name: string;
  command: PolicyCommand;
  permissive: boolean;
  /** Sorted; ["PUBLIC"] for every role. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

/** true = enabled; "force" = enabled and forced on the table's owner too; false = disabled. */
export type RowLevelSecurityDeclaration = boolean | "force" | { enabled?: boolean; force?: boolean };

export interface RowLevelSecurityModel {
  enabled: boolean;
  force: boolean;
}

export const noRowLevelSecurity: RowLevelSecurityModel = { enabled: false, force: false };

export function rowLevelSecurityFromDeclaration(
  d: RowLevelSecurityDeclaration,
  path: string,
  issues: ValidationIssue[],
): RowLevelSecurityModel {
  if (d === true) return { enabled: true, force: false };
  if (d === false) return { enabled: false, force: false };
  if (d === "force") return { enabled: true, force: true };
  if (typeof d === "object" && d !== null && !Array.isArray(d)) {
    const enabled = d.enabled ?? true;
    const force = d.force ?? false;
    if (typeof enabled !== "boolean" || typeof force !== "boolean")
      issues.push({ path, message: "rowLevelSecurity: enabled and force must be booleans" });
    return { enabled: enabled === true, force: force === true };
  }
  issues.push({
    path,
    message: `rowLevelSecurity must be true, false, "force" or { enabled, force }, not ${JSON.stringify(d)}`,
  });
  return { ...noRowLevelSecurity };
}

export function rowLevelSecurityToDeclaration(r: RowLevelSecurityModel): RowLevelSecurityDeclaration {
  if (r.force && r.enabled) return "force";
  if (r.force) return { enabled: false, force: true };
  return r.enabled;
}

const sortRoles = (roles: string[]) => [...new Set(roles)].sort();

export function policyFromDeclaration(
  name: string,
  d: PolicyDeclaration,
  path: string,
  issues: ValidationIssue[],
): PolicyModel {
  const where = `${path}, policy "${name}"`;
  if (typeof d !== "object" || d === null || Array.isArray(d)) {
    issues.push({ path: where, message: "must be an object { command, as, to, using, withCheck }" });
    return { name, command: "all", permissive: true, roles: [PUBLIC], using: null, withCheck: null };
  }
  const command = d.command ?? "all";
  if (!policyCommands.includes(command))
    issues.push({
      path: where,
      message: `command must be one of ${policyCommands.join(", ")}, not ${JSON.stringify(command)}`,
    });
  const as = d.as ?? "permissive";
  if (as !== "permissive" && as !== "restrictive")
    issues.push({
      path: where,
      message: `as must be "permissive" or "restrictive", not ${JSON.stringify(as)}`,
    });
  const rolesIn = d.to ?? [PUBLIC];
  if (!Array.isArray(rolesIn) || rolesIn.length === 0)
    issues.push({ path: where, message: 'to must be a non-empty list of roles (or ["PUBLIC"])' });
  const roles = (Array.isArray(rolesIn) ? rolesIn : []).map((r) =>
    typeof r === "string" && r.toLowerCase() === "public" ? PUBLIC : r,
  );
  for (const r of roles) checkRoleName(issues, where, "role", r, true);
  if (roles.includes(PUBLIC) && roles.length > 1)
    issues.push({ path: where, message: "PUBLIC already means every role: list it alone" });
  for (const [key, text] of [
    ["using", d.using],
    ["withCheck", d.withCheck],
  ] as const) {
    if (text === undefined) continue;
    if (typeof text !== "string") {
      issues.push({ path: where, message: `${key} must be a string (an SQL expression)` });
      continue;
    }
    const problem = expressionProblem(text);
    if (problem) issues.push({ path: where, message: `${key} ${JSON.stringify(text)} ${problem}` });
  }
  if (command === "insert" && d.using !== undefined)
    issues.push({ path: where, message: "an insert policy takes only withCheck (Postgres refuses USING)" });
  if ((command === "select" || command === "delete") && d.withCheck !== undefined)
    issues.push({
      path: where,
      message: `a ${command} policy takes only using (Postgres refuses WITH CHECK)`,
    });
  return {
    name,
    command: policyCommands.includes(command) ? command : "all",
    permissive: as !== "restrictive",
    roles: sortRoles(roles.filter((r): r is string => typeof r === "string")),
    using: typeof d.using === "string" ? normalizeExpression(d.using) : null,
    withCheck: typeof d.withCheck === "string" ? normalizeExpression(d.withCheck) : null,
  };
}

export function policyToDeclaration(p: PolicyModel): PolicyDeclaration {
  return {
    ...(p.command !== "all" ? { command: p.command } : {}),
    ...(!p.permissive ? { as: "restrictive" as const } : {}),
    ...(p.roles.join() !== PUBLIC ? { to: [...p.roles] } : {}),
    ...(p.using !== null ? { using: p.using } : {}),
    ...(p.withCheck !== null ? { withCheck: p.withCheck } : {}),
  };
}

export function sortPolicies(policies: PolicyModel[]): PolicyModel[] {
  return [...policies]
    .map((p) => ({ ...p, roles: sortRoles(p.roles) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The parts ALTER POLICY cannot change: a different command or kind means drop + create. */
export function alterablePolicy(live: PolicyModel, desired: PolicyModel): boolean {
  return live.command === desired.command && live.permissive === desired.permissive;
}
