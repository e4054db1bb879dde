// Privileges and ownership of the managed schemas' objects, in two queries whatever the schema
// size: one over pg_class.relacl (tables, views, materialized views, sequences), pg_attribute.attacl,
// pg_namespace.nspacl, pg_type.typacl (enums, domains, composite types) and pg_proc.proacl
// (functions, procedures), with owners and the tables' row-level security flags; one over
// pg_default_acl. Every object other than a table, a column or a schema comes keyed by the same
// object key the model and the planner use (core/model/object-acl.ts). ACLs are read
// effective (acldefault when NULL) through aclexplode; the owner's own entries are implicit and
// left out, and entries of several grantors for one grantee are merged.
import type {
  DefaultPrivilegeModel,
  DefaultPrivilegeObjects,
  GrantMap,
  GrantTargetKind,
} from "../model/privilege";
import { privilegeSet, sortDefaultPrivileges } from "../model/privilege";
import type { Queryable } from "./queryable";

export const aclQuery = `
with objects as (
  select 'table' as kind, n.nspname as schema, c.relname as name, null::text as column, c.relowner as owner,
         coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner)) as acl,
         c.relrowsecurity as rls, c.relforcerowsecurity as force_rls, null::text as key, 'table' as acl_kind
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
  union all
  select 'column', n.nspname, c.relname, a.attname::text, c.relowner, a.attacl, null, null, null, 'column'
  from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where a.attacl is not null and a.attnum > 0 and not a.attisdropped
    and c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
  union all
  select 'schema', n.nspname, n.nspname, null, n.nspowner,
         coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner)), null, null, null, 'schema'
  from pg_catalog.pg_namespace n where n.nspname = any($1::text[])
  union all
  select 'object', n.nspname, c.relname, null, c.relowner,
         coalesce(c.relacl, pg_catalog.acldefault(case when c.relkind = 'S' then 's' else 'r' end::"char", c.relowner)),
         null, null,
         case when c.relkind = 'S' then 'sequence:' else 'view:' end || n.nspname || '.' || c.relname,
         case when c.relkind = 'S' then 'sequence' else 'table' end
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('S', 'v', 'm') and n.nspname = any($1::text[])
  union all
  select 'object', n.nspname, t.typname, null, t.typowner,
         coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner)), null, null,
         case when t.typtype = 'e' then 'enum:' else 'type:' end || n.nspname || '.' || t.typname, 'type'
  from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
  left join pg_catalog.pg_class r on r.oid = t.typrelid
  where (t.typtype in ('e', 'd') or (t.typtype = 'c' and r.relkind = 'c')) and n.nspname = any($1::text[])
  union all
  select 'object', n.nspname, p.proname, null, p.proowner,
         coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)), null, null,
         'function:' || n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         'function'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.prokind in ('f', 'p') and n.nspname = any($1::text[])
    -- an extension's own functions are never the schema's
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
)
select o.kind, o.schema, o.name, o.column, o.key, o.acl_kind, pg_catalog.pg_get_userbyid(o.owner) as owner, o.rls, o.force_rls,
       case when x.grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(x.grantee) end as grantee,
       lower(x.privilege_type) as privilege, x.is_grantable as grantable
from objects o
left join lateral (select e.* from pg_catalog.aclexplode(o.acl) e where e.grantee <> o.owner) x on true
order by 1, 2, 3, 4, 5, 10, 11`;

export const defaultAclQuery = `
select pg_catalog.pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype as objtype,
       case when x.grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(x.grantee) end as grantee,
       lower(x.privilege_type) as privilege, x.is_grantable as grantable
from pg_catalog.pg_default_acl d
join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
cross join lateral pg_catalog.aclexplode(d.defaclacl) x
where n.nspname = any($1::text[])
order by 1, 2, 3, 4, 5`;

export interface AclRow {
  kind: "table" | "column" | "schema" | "object";
  /** Objects only: the object key (core/model/object-acl.ts). */
  key: string | null;
  /** Which privileges the ACL holds. */
  acl_kind: GrantTargetKind;
  schema: string;
  name: string;
  column: string | null;
  owner: string;
  rls: boolean | null;
  force_rls: boolean | null;
  grantee: string | null;
  privilege: string | null;
  grantable: boolean | null;
}

interface DefaultAclRow {
  role: string;
  schema: string;
  objtype: string;
  grantee: string;
  privilege: string;
  grantable: boolean;
}

/** Adds one exploded ACL entry to a grant map (several grantors merge into one set). */
export function addAclEntry(
  grants: GrantMap,
  kind: GrantTargetKind,
  grantee: string,
  privilege: string,
  grantable: boolean,
): void {
  const current = grants[grantee] ?? { privileges: [], grantOption: [] };
  grants[grantee] = privilegeSet(
    kind,
    [...current.privileges, privilege],
    grantable ? [...current.grantOption, privilege] : current.grantOption,
  );
}

const objectsOf: Record<string, DefaultPrivilegeObjects> = {
  r: "tables",
  S: "sequences",
  f: "functions",
  T: "types",
};
const kindOf: Record<DefaultPrivilegeObjects, GrantTargetKind> = {
  tables: "table",
  sequences: "sequence",
  functions: "function",
  types: "type",
};

export async function readAcls(client: Queryable, schemas: string[]): Promise<AclRow[]> {
  return (await client.query<AclRow>(aclQuery, [schemas])).rows;
}

/** Default privileges by schema. */
export async function readDefaultPrivileges(
  client: Queryable,
  schemas: string[],
): Promise<Record<string, DefaultPrivilegeModel[]>> {
  const rows = (await client.query<DefaultAclRow>(defaultAclQuery, [schemas])).rows;
  const bySchema: Record<string, DefaultPrivilegeModel[]> = {};
  for (const r of rows) {
    const objects = objectsOf[r.objtype];
    if (!objects) continue;
    const list = (bySchema[r.schema] ??= []);
    let entry = list.find((d) => d.role === r.role && d.objects === objects);
    if (!entry) list.push((entry = { role: r.role, objects, grants: {} }));
    addAclEntry(entry.grants, kindOf[objects], r.grantee, r.privilege, r.grantable);
  }
  for (const s of Object.keys(bySchema)) bySchema[s] = sortDefaultPrivileges(bySchema[s]);
  return bySchema;
}
