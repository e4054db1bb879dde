// Row-level security and policies of tables that declare them. A changed policy is altered in place
// (ALTER POLICY: roles, USING, WITH CHECK) when Postgres can; a different command or
// permissive/restrictive kind, or a removed expression, is a drop and create in one transaction.
import type { TableModel } from "../model/model";
import { PolicyModel, alterablePolicy, noRowLevelSecurity } from "../model/policy";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { hazard } from "./hazards";
import { tableKey } from "./keys";
import { roleKeys, roleSql } from "./plan-role";

export const policyKey = (schema: string, table: string, name: string) => `policy:${schema}.${table}.${name}`;
export const rowLevelSecurityKey = (schema: string, table: string) => `rls:${schema}.${table}`;

const toRoles = (p: PolicyModel) => p.roles.map(roleSql).join(", ");

export function createPolicySql(schema: string, table: string, p: PolicyModel): string {
  return (
    `CREATE POLICY ${quoteIdent(p.name)} ON ${quoteQualified(schema, table)} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} ` +
    `FOR ${p.command.toUpperCase()} TO ${toRoles(p)}` +
    (p.using !== null ? ` USING (${p.using})` : "") +
    (p.withCheck !== null ? ` WITH CHECK (${p.withCheck})` : "")
  );
}

const same = (a: PolicyModel, b: PolicyModel) => JSON.stringify(a) === JSON.stringify(b);

/** Policies and RLS flags of one declared table (`live` undefined: the table is new). */
export function planTablePolicies(
  live: TableModel | undefined,
  desired: TableModel,
  plan: PlanBuilder,
): void {
  const { schema, name } = desired;
  const table = quoteQualified(schema, name);
  const label = `${schema}.${name}`;
  const needsTable = [tableKey(schema, name)];
  // Row-level security and policies are the table owner's to change.
  const authority = [{ kind: "owner" as const, object: tableKey(schema, name), label: `table ${label}` }];
  if (desired.rowLevelSecurity) {
    const l = live?.rowLevelSecurity ?? noRowLevelSecurity;
    const d = desired.rowLevelSecurity;
    const key = rowLevelSecurityKey(schema, name);
    if (l.enabled !== d.enabled)
      plan.add(Phase.rowLevelSecurity, {
        objectKey: key,
        description: `${d.enabled ? "enable" : "disable"} row-level security on ${label}`,
        sql: `ALTER TABLE ${table} ${d.enabled ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: label,
        authority,
        hazards: [
          d.enabled
            ? hazard.blocksReads(
                "from now on roles other than the owner see and change only the rows a policy allows (none without one)",
              )
            : hazard.blocksWrites(
                "holds ACCESS EXCLUSIVE briefly; from now on every role with table privileges sees all rows",
              ),
        ],
        needs: needsTable,
      });
    if (l.force !== d.force)
      plan.add(Phase.rowLevelSecurity, {
        objectKey: key,
        description: `${d.force ? "force" : "stop forcing"} row-level security on ${label} for its owner`,
        sql: `ALTER TABLE ${table} ${d.force ? "FORCE" : "NO FORCE"} ROW LEVEL SECURITY`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: label,
        authority,
        needs: needsTable,
      });
  }
  if (!desired.policies) return;
  const livePolicies = live?.policies ?? [];
  for (const l of livePolicies) {
    if (desired.policies.some((p) => p.name === l.name)) continue;
    plan.add(Phase.dropPolicies, {
      objectKey: policyKey(schema, name, l.name),
      description: `drop policy ${l.name} on ${label}`,
      sql: `DROP POLICY ${quoteIdent(l.name)} ON ${table}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: label,
      authority,
      drops: [policyKey(schema, name, l.name)],
      // The table by its declared name: after a rename in the same plan (fuzz seed 30256).
      needs: needsTable,
    });
  }
  for (const d of desired.policies) {
    const key = policyKey(schema, name, d.name);
    const l = livePolicies.find((p) => p.name === d.name);
    const needs = [...needsTable, ...roleKeys(d.roles)];
    if (l && same(l, d)) continue;
    const alterable =
      l &&
      alterablePolicy(l, d) &&
      (d.using !== null || l.using === null) &&
      (d.withCheck !== null || l.withCheck === null);
    if (l && alterable) {
      const parts: string[] = [];
      if (l.roles.join() !== d.roles.join()) parts.push(`TO ${toRoles(d)}`);
      if (l.using !== d.using && d.using !== null) parts.push(`USING (${d.using})`);
      if (l.withCheck !== d.withCheck && d.withCheck !== null) parts.push(`WITH CHECK (${d.withCheck})`);
      plan.add(Phase.policies, {
        objectKey: key,
        description: `alter policy ${d.name} on ${label}`,
        sql: `ALTER POLICY ${quoteIdent(d.name)} ON ${table} ${parts.join(" ")}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: label,
        authority,
        creates: [key],
        needs,
      });
      continue;
    }
    const group = l ? `replace-${key}` : undefined;
    if (l)
      plan.add(Phase.policies, {
        objectKey: key,
        description: `drop policy ${d.name} on ${label} to create it again (its command or kind changed)`,
        sql: `DROP POLICY ${quoteIdent(d.name)} ON ${table}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: label,
        authority,
        group,
        drops: [key],
        needs: needsTable,
      });
    plan.add(Phase.policies, {
      objectKey: key,
      description: `create policy ${d.name} on ${label}`,
      sql: createPolicySql(schema, name, d),
      lock: "ACCESS EXCLUSIVE",
      lockTarget: label,
      authority,
      group,
      creates: [key],
      needs,
    });
  }
}
