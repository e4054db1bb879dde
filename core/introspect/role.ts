// The cluster's roles (pg_roles, pg_auth_members), in one query: login flag and the groups each
// role is a member of. Postgres' own roles (pg_*) are left out. Passwords are never read.
import type { Actor, RoleModel } from "../model/role";
import type { Queryable } from "./queryable";

export const rolesQuery = `
select r.rolname as name, r.rolcanlogin as login,
       array(select g.rolname::text from pg_catalog.pg_auth_members m
             join pg_catalog.pg_roles g on g.oid = m.roleid where m.member = r.oid order by 1) as member_of,
       current_user as current_user
from pg_catalog.pg_roles r
where r.rolname !~ '^pg_'
order by 1`;

/** What the role running introspection (and then the plan) may do beyond its own objects. */
export const actorQuery = `
select r.rolsuper as superuser, r.rolcreaterole as create_role,
       array(select g.rolname::text from pg_catalog.pg_roles g
             where pg_catalog.pg_has_role(r.oid, g.oid, 'USAGE') order by 1) as privileges_of,
       array(select g.rolname::text from pg_catalog.pg_roles g
             where pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER') order by 1) as member_of,
       array(select g.rolname::text from pg_catalog.pg_auth_members m
             join pg_catalog.pg_roles g on g.oid = m.roleid
             where m.member = r.oid and m.admin_option order by 1) as admin_of
from pg_catalog.pg_roles r where r.rolname = current_user`;

export async function readActor(client: Queryable): Promise<Actor> {
  const row = (
    await client.query<{
      superuser: boolean;
      create_role: boolean;
      privileges_of: string[];
      member_of: string[];
      admin_of: string[];
    }>(actorQuery)
  ).rows[0];
  return {
    superuser: row?.superuser ?? false,
    createRole: row?.create_role ?? false,
    privilegesOf: row?.privileges_of ?? [],
    memberOf: row?.member_of ?? [],
    adminOf: row?.admin_of ?? [],
  };
}

export async function readRoles(client: Queryable): Promise<{ roles: RoleModel[]; currentUser: string }> {
  const rows = (
    await client.query<{ name: string; login: boolean; member_of: string[]; current_user: string }>(
      rolesQuery,
    )
  ).rows;
  return {
    roles: rows.map((r) => ({ name: r.name, login: r.login, memberOf: r.member_of })),
    currentUser: rows[0]?.current_user ?? "",
  };
}
