// Roles: a declared role that is missing is created (NOLOGIN unless declared login), its login
// flag and memberships kept as declared. Roles are cluster-wide, so a plan never drops one:
// roles a declaration no longer lists are left alone (a Pulumi Role resource drops its own role
// when removed from the program, and refuses while the role owns objects anywhere).
import type { RoleModel } from "../model/role";
import { PUBLIC } from "../model/privilege";
import { quoteIdent } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";

export const roleKey = (name: string) => `role:${name}`;

/** A grantee or role in SQL: PUBLIC is a keyword, every role name is quoted. */
export function roleSql(name: string): string {
  return name === PUBLIC ? "PUBLIC" : quoteIdent(name);
}

/** The role keys a step needs (PUBLIC is no object). */
export function roleKeys(names: Iterable<string>): string[] {
  return [...names].filter((n) => n !== PUBLIC).map(roleKey);
}

export function planRoles(live: RoleModel[], desired: RoleModel[], plan: PlanBuilder): void {
  for (const d of desired) {
    const l = live.find((r) => r.name === d.name);
    const key = roleKey(d.name);
    if (!l) {
      plan.add(Phase.roles, {
        objectKey: key,
        // The description names the privilege: Postgres' own refusal ("permission denied to create role") does not.
        description: `create role ${d.name} (cluster-wide; needs CREATEROLE)`,
        sql: `CREATE ROLE ${quoteIdent(d.name)} ${d.login ? "LOGIN" : "NOLOGIN"}`,
        lock: "none",
        creates: [key],
        authority: [{ kind: "createRole" }],
      });
    } else if (l.login !== d.login) {
      plan.add(Phase.roles, {
        objectKey: key,
        description: `${d.login ? "allow" : "forbid"} login for role ${d.name}`,
        sql: `ALTER ROLE ${quoteIdent(d.name)} ${d.login ? "LOGIN" : "NOLOGIN"}`,
        lock: "none",
        creates: [key],
        needs: [key],
        authority: [{ kind: "createRole" }],
      });
    }
    const liveGroups = l?.memberOf ?? [];
    for (const g of d.memberOf) {
      if (liveGroups.includes(g)) continue;
      plan.add(Phase.roles, {
        objectKey: key,
        description: `make role ${d.name} a member of ${g}`,
        sql: `GRANT ${quoteIdent(g)} TO ${quoteIdent(d.name)}`,
        lock: "none",
        needs: [key, roleKey(g)],
        authority: [{ kind: "roleAdmin", role: g }],
      });
    }
    for (const g of liveGroups) {
      if (d.memberOf.includes(g)) continue;
      plan.add(Phase.roles, {
        objectKey: key,
        description: `remove role ${d.name} from ${g}`,
        sql: `REVOKE ${quoteIdent(g)} FROM ${quoteIdent(d.name)}`,
        lock: "none",
        needs: [key],
        authority: [{ kind: "roleAdmin", role: g }],
      });
    }
  }
}
