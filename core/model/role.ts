// Roles the schema needs: group roles (NOLOGIN) with membership, and login roles. Roles are
// cluster-wide, not part of one database: the plan creates a declared role that is missing and
// keeps its login flag and memberships as declared, but never drops a role (removing a role from a
// Pulumi program drops it through its Role resource, and only when it owns nothing anywhere).
// Passwords are not part of the model (nor of spec files): a Pulumi secret on the Role resource.
import type { ValidationIssue } from "./errors";
import { checkRoleName } from "./privilege";

export interface RoleDeclaration {
  /** LOGIN (a user) or NOLOGIN (a group); default false. */
  login?: boolean;
  /** Group roles this role is a member of (GRANT group TO role); exact for a declared role. */
  memberOf?: string[];
}

export interface RoleModel {
  name: string;
  login: boolean;
  /** Sorted. */
  memberOf: string[];
}

/** The role a plan runs as: what it may do beyond its own objects (core/plan/authority.ts). */
export interface Actor {
  superuser: boolean;
  createRole: boolean;
  /** Roles whose privileges it has (itself included): it may act as owner of their objects. */
  privilegesOf: string[];
  /** Roles it is a member of (itself included), inheriting or not. */
  memberOf: string[];
  /** Roles whose membership it may grant (ADMIN OPTION). */
  adminOf: string[];
}

export function roleFromDeclaration(name: string, d: RoleDeclaration, issues: ValidationIssue[]): RoleModel {
  const path = `role "${name}"`;
  checkRoleName(issues, path, "name", name);
  if (name.startsWith("pg_"))
    issues.push({ path, message: `"${name}" cannot be declared: pg_ is the prefix of Postgres' own roles` });
  if (typeof d !== "object" || d === null || Array.isArray(d)) {
    issues.push({ path, message: "must be an object { login, memberOf }" });
    return { name, login: false, memberOf: [] };
  }
  if ("password" in d)
    issues.push({
      path,
      message:
        "passwords are not read from declarations: pass it as a Pulumi secret (db.role(name, { login: true, password: config.requireSecret(...) }))",
    });
  if (d.login !== undefined && typeof d.login !== "boolean")
    issues.push({ path, message: `login must be a boolean, not ${JSON.stringify(d.login)}` });
  const memberOf = d.memberOf ?? [];
  if (!Array.isArray(memberOf)) issues.push({ path, message: "memberOf must be a list of role names" });
  const groups = Array.isArray(memberOf) ? memberOf : [];
  for (const g of groups) checkRoleName(issues, path, "memberOf", g);
  if (groups.includes(name)) issues.push({ path, message: "a role cannot be a member of itself" });
  return { name, login: d.login === true, memberOf: [...new Set(groups.map(String))].sort() };
}

export function roleToDeclaration(r: RoleModel): RoleDeclaration {
  return { ...(r.login ? { login: true } : {}), ...(r.memberOf.length ? { memberOf: [...r.memberOf] } : {}) };
}

/** Membership cycles among declared roles (Postgres refuses them); one issue per cycle found. */
export function roleIssues(roles: RoleModel[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const byName = new Map(roles.map((r) => [r.name, r]));
  const seen = new Set<string>();
  for (const r of roles) {
    if (seen.has(r.name)) issues.push({ path: `role "${r.name}"`, message: "declared twice" });
    seen.add(r.name);
    if (r.memberOf.some((g) => g !== r.name && reaches(byName, g, r.name)))
      issues.push({ path: `role "${r.name}"`, message: "membership cycle: a role cannot contain itself" });
  }
  return issues;
}

function reaches(byName: Map<string, RoleModel>, from: string, to: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length) {
    const n = stack.pop() as string;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(byName.get(n)?.memberOf ?? []));
  }
  return false;
}
