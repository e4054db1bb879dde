// The cluster's roles (pg_roles, pg_auth_members), in one query: login flag and the groups each
// role is a member of. Postgres' own roles (pg_*) are left out. Passwords are never read.
import type { RoleModel } from "../model/role";
import type { Queryable } from "./queryable";

export const rolesQuery = `
select r.rolname as name, r.rolcanlogin as login,
       array(select g.rolname::text from pg_catalog.pg_auth_members m
             join pg_catalog.pg_roles g on g.oid = m.roleid where m.member = r.oid order by 1) as member_of,
       current_user as current_user
from pg_catalog.pg_roles r
where r.rolname !~ '^pg_'
order by 1`;

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
