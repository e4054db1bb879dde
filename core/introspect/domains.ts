// Domains of the managed schemas: one query (base type, default, NOT NULL, collation, checks).
import type { DomainModel } from "../model/domain";
import { checkExpressionFromDefinition } from "./introspect";

export const domainsQuery = `
select n.nspname as schema, t.typname as name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) as type,
       not t.typnotnull as nullable,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) as default,
       case when t.typcollation <> bt.typcollation then
         case when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end
       end as collation,
       pg_catalog.obj_description(t.oid, 'pg_type') as comment,
       coalesce((select json_agg(json_build_object('name', k.conname, 'definition', pg_catalog.pg_get_constraintdef(k.oid),
                                                   'validated', k.convalidated) order by k.conname)
                 from pg_catalog.pg_constraint k where k.contypid = t.oid and k.contype = 'c'), '[]') as checks
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_type bt on bt.oid = t.typbasetype
left join pg_catalog.pg_collation co on co.oid = t.typcollation
left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
where t.typtype = 'd' and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2`;

export interface DomainRow {
  schema: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  collation: string | null;
  comment: string | null;
  checks: Array<{ name: string; definition: string; validated: boolean }>;
}

export function domainFromRow(r: DomainRow): DomainModel {
  return {
    schema: r.schema,
    name: r.name,
    type: r.type,
    collation: r.collation,
    default: r.default,
    nullable: r.nullable,
    checks: r.checks.map((c) => ({ name: c.name, expression: checkExpressionFromDefinition(c.definition) })),
    comment: r.comment,
  };
}

/** Keys of domain checks added NOT VALID and not validated yet (the planner validates them). */
export function notValidDomainChecks(rows: readonly DomainRow[]): string[] {
  return rows.flatMap((r) =>
    r.checks.filter((c) => !c.validated).map((c) => `domain-check:${r.schema}.${r.name}.${c.name}`),
  );
}
