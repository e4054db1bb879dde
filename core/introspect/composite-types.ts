// Composite types (CREATE TYPE ... AS (...)) of the managed schemas: one query, attributes in order.
import type { CompositeTypeModel } from "../model/composite-type";

export const compositeTypesQuery = `
select n.nspname as schema, t.typname as name,
       pg_catalog.obj_description(t.oid, 'pg_type') as comment,
       coalesce((select json_agg(json_build_object(
                  'name', a.attname,
                  'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                  'collation', case when a.attcollation <> at.typcollation then
                                 case when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end
                               end) order by a.attnum)
                 from pg_catalog.pg_attribute a
                 join pg_catalog.pg_type at on at.oid = a.atttypid
                 left join pg_catalog.pg_collation co on co.oid = a.attcollation
                 left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
                 where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '[]') as attributes
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_class c on c.oid = t.typrelid and c.relkind = 'c'
where t.typtype = 'c' and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2`;

export type CompositeTypeRow = CompositeTypeModel;

export function compositeTypeFromRow(r: CompositeTypeRow): CompositeTypeModel {
  return {
    schema: r.schema,
    name: r.name,
    attributes: r.attributes.map((a) => ({ name: a.name, type: a.type, collation: a.collation ?? null })),
    comment: r.comment,
  };
}
