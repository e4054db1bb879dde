// Privileges (GRANT/REVOKE of ACL items), default privileges (ALTER DEFAULT PRIVILEGES) and
// ownership (ALTER ... OWNER TO) of the objects that declare them. Each declared grantee's set is
// compared with the live one: missing privileges granted (WITH GRANT OPTION where declared),
// undeclared ones revoked (and a grant option alone revoked with REVOKE GRANT OPTION FOR).
import { initialGrants } from "../model/access";
import type { SchemaModel } from "../model/model";
import { AclKind, aclKinds, aclObjects, sameAclObject } from "../model/object-acl";
import type { PlanStep } from "./step";
import {
  DefaultPrivilegeModel,
  GrantMap,
  GrantTargetKind,
  PUBLIC,
  defaultObjectKind,
} from "../model/privilege";
import { isIgnored, ManagedScope } from "../model/scope";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { columnKey, schemaKey, tableKey } from "./keys";
import { roleKey, roleSql } from "./plan-role";

export const privilegeKey = (targetKey: string) => `privilege:${targetKey}`;
export const ownerKey = (targetKey: string) => `owner:${targetKey}`;
export const defaultPrivilegeKey = (schema: string, role: string, objects: string) =>
  `default-privilege:${schema}.${role}.${objects}`;

interface GrantTarget {
  kind: GrantTargetKind;
  /** The object key the grant needs (`table:public.t`...). */
  key: string;
  /** `TABLE "public"."t"`, `SCHEMA "app"`, `TYPE "public"."mood"`. */
  sql: string;
  /** For column grants: the column list after the privilege. */
  column?: string;
  label: string;
  /** The object whose owner may grant (the table of a column); default `key`. */
  ownedKey?: string;
}

const upper = (ps: string[]) => ps.map((p) => p.toUpperCase()).join(", ");

/** The statements that turn `live` grants into `desired` grants on one target. */
function planGrants(target: GrantTarget, live: GrantMap, desired: GrantMap, plan: PlanBuilder): void {
  const objectKey = privilegeKey(target.key);
  const cols = target.column !== undefined ? ` (${quoteIdent(target.column)})` : "";
  const privs = (ps: string[]) => ps.map((p) => `${p.toUpperCase()}${cols}`).join(", ");
  const on = `ON ${target.sql}`;
  const authority = [
    {
      kind: "owner" as const,
      object: target.ownedKey ?? target.key,
      label: target.ownedKey ? target.label.replace(/^column (.*)\.[^.]*$/, "table $1") : target.label,
      grantOption: true as const,
    },
  ];
  const add = (description: string, sql: string, grantee: string, _revoke: boolean) =>
    plan.add(Phase.privileges, {
      objectKey,
      description,
      sql,
      lock: "none",
      needs: [target.key, ...(grantee === PUBLIC ? [] : [roleKey(grantee)])],
      authority,
    });
  for (const grantee of [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort()) {
    const l = live[grantee] ?? { privileges: [], grantOption: [] };
    const d = desired[grantee] ?? { privileges: [], grantOption: [] };
    const who = roleSql(grantee);
    const revoke = l.privileges.filter((p) => !d.privileges.includes(p));
    const revokeOption = l.grantOption.filter((p) => !d.grantOption.includes(p) && d.privileges.includes(p));
    const grantPlain = d.privileges.filter((p) => !l.privileges.includes(p) && !d.grantOption.includes(p));
    const grantWithOption = d.grantOption.filter((p) => !l.grantOption.includes(p));
    if (revoke.length)
      add(
        `revoke ${revoke.join(", ")} on ${target.label} from ${grantee}`,
        `REVOKE ${privs(revoke)} ${on} FROM ${who}`,
        grantee,
        true,
      );
    if (revokeOption.length)
      add(
        `revoke the grant option for ${revokeOption.join(", ")} on ${target.label} from ${grantee}`,
        `REVOKE GRANT OPTION FOR ${privs(revokeOption)} ${on} FROM ${who}`,
        grantee,
        true,
      );
    if (grantPlain.length)
      add(
        `grant ${grantPlain.join(", ")} on ${target.label} to ${grantee}`,
        `GRANT ${privs(grantPlain)} ${on} TO ${who}`,
        grantee,
        false,
      );
    if (grantWithOption.length)
      add(
        `grant ${grantWithOption.join(", ")} with grant option on ${target.label} to ${grantee}`,
        `GRANT ${privs(grantWithOption)} ${on} TO ${who} WITH GRANT OPTION`,
        grantee,
        false,
      );
  }
}

function planOwner(
  target: { key: string; sql: string; label: string; lockTarget?: string },
  live: string | undefined,
  desired: string | undefined,
  plan: PlanBuilder,
): void {
  if (desired === undefined || live === desired) return;
  plan.add(Phase.owners, {
    objectKey: ownerKey(target.key),
    description: `make ${desired} the owner of ${target.label}`,
    sql: `ALTER ${target.sql} OWNER TO ${quoteIdent(desired)}`,
    lock: target.lockTarget !== undefined ? "ACCESS EXCLUSIVE" : "none",
    lockTarget: target.lockTarget ?? null,
    needs: [target.key, roleKey(desired)],
    authority: [
      { kind: "owner", object: target.key, label: target.label },
      { kind: "member", role: desired, why: `to make it the owner of ${target.label}` },
    ],
  });
}

function planDefaultPrivileges(
  schema: string,
  live: DefaultPrivilegeModel[],
  desired: DefaultPrivilegeModel[],
  plan: PlanBuilder,
): void {
  const keys = [...new Set([...live, ...desired].map((d) => `${d.role}\u0000${d.objects}`))].sort();
  for (const k of keys) {
    const [role, objects] = k.split("\u0000") as [string, DefaultPrivilegeModel["objects"]];
    const l = live.find((d) => d.role === role && d.objects === objects)?.grants ?? {};
    const d = desired.find((x) => x.role === role && x.objects === objects)?.grants ?? {};
    const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(role)} IN SCHEMA ${quoteIdent(schema)}`;
    const objectKey = defaultPrivilegeKey(schema, role, objects);
    const kind = defaultObjectKind[objects];
    void kind;
    for (const grantee of [...new Set([...Object.keys(l), ...Object.keys(d)])].sort()) {
      const lp = l[grantee] ?? { privileges: [], grantOption: [] };
      const dp = d[grantee] ?? { privileges: [], grantOption: [] };
      const who = roleSql(grantee);
      const needs = [schemaKey(schema), roleKey(role), ...(grantee === PUBLIC ? [] : [roleKey(grantee)])];
      const what = `${objects} ${role} creates in ${schema}`;
      const revoke = lp.privileges.filter((p) => !dp.privileges.includes(p));
      const revokeOption = lp.grantOption.filter(
        (p) => !dp.grantOption.includes(p) && dp.privileges.includes(p),
      );
      const grantPlain = dp.privileges.filter(
        (p) => !lp.privileges.includes(p) && !dp.grantOption.includes(p),
      );
      const grantWithOption = dp.grantOption.filter((p) => !lp.grantOption.includes(p));
      const authority = [{ kind: "member" as const, role, why: `to set the default privileges of ${role}` }];
      const step = (description: string, sql: string) =>
        plan.add(Phase.defaultPrivileges, { objectKey, description, sql, lock: "none", needs, authority });
      if (revoke.length)
        step(
          `stop granting ${revoke.join(", ")} on new ${what} to ${grantee}`,
          `${prefix} REVOKE ${upper(revoke)} ON ${objects.toUpperCase()} FROM ${who}`,
        );
      if (revokeOption.length)
        step(
          `stop granting the grant option for ${revokeOption.join(", ")} on new ${what} to ${grantee}`,
          `${prefix} REVOKE GRANT OPTION FOR ${upper(revokeOption)} ON ${objects.toUpperCase()} FROM ${who}`,
        );
      if (grantPlain.length)
        step(
          `grant ${grantPlain.join(", ")} on new ${what} to ${grantee}`,
          `${prefix} GRANT ${upper(grantPlain)} ON ${objects.toUpperCase()} TO ${who}`,
        );
      if (grantWithOption.length)
        step(
          `grant ${grantWithOption.join(", ")} with grant option on new ${what} to ${grantee}`,
          `${prefix} GRANT ${upper(grantWithOption)} ON ${objects.toUpperCase()} TO ${who} WITH GRANT OPTION`,
        );
    }
  }
}

/**
 * Keys of objects the plan drops and creates again (a view whose columns change, a function whose
 * signature or return type changes, a type rebuilt): they come back with the default ACL, so their
 * grants are planned from that, not from what the live object had.
 */
function recreatedKeys(steps: PlanStep[]): Set<string> {
  const dropped = new Set(steps.flatMap((s) => (s.rename ? [] : s.drops)));
  return new Set(steps.flatMap((s) => s.creates).filter((k) => dropped.has(k)));
}

/** Owner and grants of one object of a kind with an ACL of its own (object-acl.ts). */
function planObjectAccess(
  kind: AclKind,
  live: { owner?: string; grants?: GrantMap } | undefined,
  desired: Parameters<AclKind["key"]>[0],
  plan: PlanBuilder,
  recreated: boolean,
): void {
  const target = {
    key: kind.key(desired),
    sql: kind.grantTarget(desired),
    label: kind.label(desired),
  };
  const fresh = !live || recreated;
  if (desired.grants)
    planGrants(
      { ...target, kind: kind.grantKind },
      fresh ? initialGrants(kind.grantKind) : (live.grants ?? initialGrants(kind.grantKind)),
      desired.grants,
      plan,
    );
  planOwner(
    {
      ...target,
      sql: kind.ownerTarget(desired),
      ...(kind.ownerLocks ? { lockTarget: `${desired.schema}.${desired.name}` } : {}),
    },
    fresh ? undefined : live.owner,
    desired.owner,
    plan,
  );
}

/** Grants, default privileges and owners of everything `desired` declares them for. */
export function planPrivileges(
  live: SchemaModel,
  desired: SchemaModel,
  plan: PlanBuilder,
  scope?: ManagedScope,
): void {
  for (const d of desired.schemaAccess ?? []) {
    const l = live.schemaAccess?.find((s) => s.schema === d.schema);
    const existed = live.schemas.includes(d.schema);
    const target = {
      key: schemaKey(d.schema),
      sql: `SCHEMA ${quoteIdent(d.schema)}`,
      label: `schema ${d.schema}`,
    };
    if (d.grants && !isIgnored(scope, "privilege", d.schema, d.schema))
      planGrants(
        { ...target, kind: "schema" },
        l?.grants ?? (existed ? {} : initialGrants("schema")),
        d.grants,
        plan,
      );
    planOwner(target, l?.owner, d.owner, plan);
    if (d.defaultPrivileges)
      planDefaultPrivileges(d.schema, l?.defaultPrivileges ?? [], d.defaultPrivileges, plan);
  }
  const recreated = recreatedKeys(plan.all());
  const objectsOf = (kinds: readonly AclKind[]) => {
    for (const kind of kinds)
      for (const d of aclObjects(desired, kind)) {
        const l = aclObjects(live, kind).find(
          (x) => x.schema === d.schema && x.name === d.name && sameAclObject(x, d),
        );
        const own = isIgnored(scope, "privilege", d.schema, d.name) ? { ...d, grants: undefined } : d;
        planObjectAccess(kind, l, own, plan, recreated.has(kind.key(d)));
      }
  };
  // Enums before tables, the rest after (the order earlier plans listed them in).
  objectsOf(aclKinds.filter((k) => k.collection === "enums"));
  for (const d of desired.tables) {
    const l = live.tables.find((t) => t.schema === d.schema && t.name === d.name);
    const label = `${d.schema}.${d.name}`;
    const target = {
      key: tableKey(d.schema, d.name),
      sql: `TABLE ${quoteQualified(d.schema, d.name)}`,
      label: `table ${label}`,
    };
    const ignored = isIgnored(scope, "privilege", d.schema, d.name);
    if (d.grants && !ignored) planGrants({ ...target, kind: "table" }, l?.grants ?? {}, d.grants, plan);
    for (const c of d.columns) {
      if (!c.grants || ignored) continue;
      const lc = l?.columns.find((x) => x.name === c.name);
      planGrants(
        {
          kind: "column",
          key: columnKey(d.schema, d.name, c.name),
          ownedKey: target.key,
          sql: target.sql,
          column: c.name,
          label: `column ${label}.${c.name}`,
        },
        lc?.grants ?? {},
        c.grants,
        plan,
      );
    }
    planOwner({ ...target, lockTarget: label }, l?.owner, d.owner, plan);
  }
  objectsOf(aclKinds.filter((k) => k.collection !== "enums"));
}
