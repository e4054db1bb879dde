// Access control in one plan: roles first (what the rest names), then row-level security and
// policies, grants, default privileges and owners, each from its own planner. The live model is
// aligned first (core/model/access.ts): only what the declaration declares is compared.
import { referencedRoles } from "../model/access";
import type { LiveAccess } from "../model/access";
import type { SchemaModel } from "../model/model";
import { isIgnored, ManagedScope } from "../model/scope";
import type { TableModel } from "../model/model";
import { PlanBuilder } from "./builder";
import { planTablePolicies } from "./plan-policy";
import { planPrivileges } from "./plan-privilege";
import { planRoles } from "./plan-role";

/** A declaration names a role that neither exists in the cluster nor is declared: refused before any change. */
export class UnknownRoleError extends Error {
  constructor(readonly roles: Array<{ role: string; where: string }>) {
    super(
      `unknown role(s); nothing was changed:\n` +
        roles
          .map(
            (r) =>
              `  - role "${r.role}" (${r.where}) does not exist: declare it (db.role("${r.role}") / "roles" in the spec) or create it first; roles are cluster-wide`,
          )
          .join("\n"),
    );
    this.name = "UnknownRoleError";
  }
}

/** Refuses a desired model naming roles the cluster does not have and the model does not declare. */
export function checkRolesExist(desired: SchemaModel, access: LiveAccess | undefined): void {
  if (!access) return;
  const known = new Set([...access.roles.map((r) => r.name), ...(desired.roles ?? []).map((r) => r.name)]);
  const unknown = [...referencedRoles(desired)]
    .filter(([role]) => !known.has(role))
    .map(([role, where]) => ({ role, where }));
  if (unknown.length) throw new UnknownRoleError(unknown);
}

export function planAccess(
  live: SchemaModel,
  desired: SchemaModel,
  plan: PlanBuilder,
  scope?: ManagedScope,
): void {
  if (desired.roles?.length) planRoles(live.roles ?? [], desired.roles, plan);
  // Policies an ignore rule covers (`policy:lib_*`, `policy:public.t.*`) are neither created nor dropped.
  const scoped = (t: TableModel | undefined) =>
    t?.policies && scope?.ignore?.length
      ? { ...t, policies: t.policies.filter((p) => !isIgnored(scope, "policy", t.schema, p.name, t.name)) }
      : t;
  for (const d of desired.tables) {
    if (!d.rowLevelSecurity && !d.policies) continue;
    planTablePolicies(
      scoped(live.tables.find((t) => t.schema === d.schema && t.name === d.name)),
      scoped(d) as TableModel,
      plan,
    );
  }
  planPrivileges(live, desired, plan, scope);
}
