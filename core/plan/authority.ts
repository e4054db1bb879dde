// Before any change: may the role running the plan do what its access-control steps need? Postgres
// refuses most of these with an error, but only when the step runs (after the backup, after earlier
// steps), and answers a GRANT or REVOKE by a role without the grant option with a WARNING and no
// change, which ends as "not converged". Ownership, memberships, CREATEROLE and ADMIN OPTION are all
// in the catalog, so the plan is refused up front with the privilege and the object named.
import type { LiveAccess } from "../model/access";
import type { GrantMap } from "../model/privilege";
import type { Authority, PlanStep } from "./step";

export interface MissingPrivilege {
  step: PlanStep;
  /** What is missing, e.g. `CREATEROLE`, `ownership of table public.t (owned by app_owner)`. */
  missing: string;
}

export class MissingPrivilegeError extends Error {
  constructor(
    readonly role: string,
    readonly missing: MissingPrivilege[],
  ) {
    super(
      `role "${role}" lacks privileges this plan needs; nothing was changed:\n` +
        missing.map((m) => `  - ${m.step.description}: needs ${m.missing}`).join("\n") +
        "\nRun as a role that has them (or a superuser), or grant them to this role.",
    );
    this.name = "MissingPrivilegeError";
  }
}

/** The live owner and grants of an object key (undefined: not in the database yet, the plan creates it). */
function liveAcl(access: LiveAccess, key: string): { owner: string; grants: GrantMap } | undefined {
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (kind === "schema") return access.schemas[name];
  if (kind === "table") return access.tables[name];
  return access.objects[key];
}

function missingFor(access: LiveAccess, need: Authority, created: Set<string>): string | null {
  const actor = access.actor!;
  const me = access.currentUser;
  switch (need.kind) {
    case "createRole":
      return actor.createRole ? null : `CREATEROLE (role "${me}" does not have it)`;
    case "roleAdmin":
      return actor.createRole || actor.adminOf.includes(need.role)
        ? null
        : `CREATEROLE or ADMIN OPTION on role "${need.role}"`;
    case "member":
      return actor.memberOf.includes(need.role)
        ? null
        : `membership in role "${need.role}" ${need.why} (GRANT "${need.role}" TO "${me}")`;
    case "owner": {
      if (created.has(need.object)) return null;
      const live = liveAcl(access, need.object);
      if (!live || actor.privilegesOf.includes(live.owner)) return null;
      // GRANT and REVOKE are also open to a holder of a grant option (Postgres checks which privileges).
      const mayGrant =
        need.grantOption &&
        Object.entries(live.grants).some(
          ([g, set]) => actor.privilegesOf.includes(g) && set.grantOption.length,
        );
      return mayGrant
        ? null
        : `ownership of ${need.label} (owned by "${live.owner}"; "${me}" is not a member)`;
    }
  }
}

/** Throws MissingPrivilegeError when the running role cannot do what the steps need. */
export function checkAuthority(steps: PlanStep[], access: LiveAccess | undefined): void {
  if (!access?.actor || access.actor.superuser) return;
  // Objects the plan creates are the running role's own when their access steps run.
  const created = new Set(steps.flatMap((s) => s.creates));
  const missing: MissingPrivilege[] = [];
  for (const step of steps)
    for (const need of step.authority ?? []) {
      const m = missingFor(access, need, created);
      if (m) missing.push({ step, missing: m });
    }
  if (missing.length) throw new MissingPrivilegeError(access.currentUser, missing);
}
