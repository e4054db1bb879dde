// Row-level security policies of the managed schemas' tables, in one query (pg_policy). The
// tables' RLS flags come with the ACL query (privilege.ts). Expressions are read with an empty
// search_path, so they compare as the rendered declaration prints them.
import { normalizeExpression } from "../model/normalize-expression";
import type { PolicyCommand, PolicyModel } from "../model/policy";
import type { Queryable } from "./queryable";

export const policiesQuery = `
select n.nspname as schema, c.relname as table, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
       array(select case when r.oid = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(r.oid)::text end
             from unnest(p.polroles) r(oid) order by 1) as roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_catalog.pg_policy p
join pg_catalog.pg_class c on c.oid = p.polrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r' and not c.relispartition and n.nspname = any($1::text[])
order by 1, 2, 3`;

interface PolicyRow {
  schema: string;
  table: string;
  name: string;
  cmd: string;
  permissive: boolean;
  roles: string[];
  using: string | null;
  with_check: string | null;
}

const commands: Record<string, PolicyCommand> = {
  "*": "all",
  r: "select",
  a: "insert",
  w: "update",
  d: "delete",
};

/** Policies by `schema.table`. */
export async function readPolicies(
  client: Queryable,
  schemas: string[],
): Promise<Record<string, PolicyModel[]>> {
  const rows = (await client.query<PolicyRow>(policiesQuery, [schemas])).rows;
  const out: Record<string, PolicyModel[]> = {};
  for (const r of rows) {
    (out[`${r.schema}.${r.table}`] ??= []).push({
      name: r.name,
      command: commands[r.cmd] ?? "all",
      permissive: r.permissive,
      roles: [...r.roles].sort(),
      using: r.using === null ? null : normalizeExpression(r.using),
      withCheck: r.with_check === null ? null : normalizeExpression(r.with_check),
    });
  }
  return out;
}
