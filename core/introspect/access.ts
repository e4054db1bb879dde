// LiveAccess (core/model/access.ts) from the catalog: five queries whatever the schema size
// (ACLs with owners and RLS flags, default ACLs, policies, roles, what the running role may do), run inside introspect()'s
// snapshot.
import type { LiveAccess } from "../model/access";
import { noRowLevelSecurity } from "../model/policy";
import { readPolicies } from "./policy";
import { addAclEntry, readAcls, readDefaultPrivileges } from "./privilege";
import { readTogether } from "./queryable";
import type { Queryable } from "./queryable";
import { readActor, readRoles } from "./role";

export async function introspectAccess(client: Queryable, schemas: string[]): Promise<LiveAccess> {
  const [acls, defaults, policies, { roles, currentUser }, actor] = await readTogether(client, [
    () => readAcls(client, schemas),
    () => readDefaultPrivileges(client, schemas),
    () => readPolicies(client, schemas),
    () => readRoles(client),
    () => readActor(client),
  ]);
  const access: LiveAccess = { tables: {}, objects: {}, schemas: {}, roles, currentUser, actor };
  for (const r of acls) {
    const key = `${r.schema}.${r.name}`;
    const has = r.grantee !== null && r.privilege !== null;
    if (r.kind === "table" || r.kind === "column") {
      const t = (access.tables[key] ??= {
        owner: r.owner,
        grants: {},
        rowLevelSecurity: { ...noRowLevelSecurity },
        policies: policies[key] ?? [],
        columns: {},
      });
      if (r.kind === "table") t.rowLevelSecurity = { enabled: r.rls === true, force: r.force_rls === true };
      const target = r.kind === "table" ? t.grants : (t.columns[r.column ?? ""] ??= {});
      if (has) addAclEntry(target, r.kind, r.grantee as string, r.privilege as string, r.grantable === true);
    } else if (r.kind === "object") {
      const o = (access.objects[r.key as string] ??= { owner: r.owner, grants: {} });
      if (has)
        addAclEntry(o.grants, r.acl_kind, r.grantee as string, r.privilege as string, r.grantable === true);
    } else {
      const s = (access.schemas[r.schema] ??= {
        owner: r.owner,
        grants: {},
        defaultPrivileges: defaults[r.schema] ?? [],
      });
      if (has)
        addAclEntry(s.grants, "schema", r.grantee as string, r.privilege as string, r.grantable === true);
    }
  }
  return access;
}
