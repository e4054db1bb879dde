// Sequences of the managed schemas, in one query: options from pg_sequence, the owning column
// from pg_depend ('a', what OWNED BY records). Identity columns' sequences (deptype 'i') belong to
// their column and extension members (deptype 'e') to their extension: neither is listed.
import type { SequenceModel, SequenceType } from "../model/model";

export const sequencesQuery = `
select n.nspname as schema, c.relname as name, pg_catalog.format_type(s.seqtypid, null) as type,
       s.seqincrement::text as increment, s.seqmin::text as min_value, s.seqmax::text as max_value,
       s.seqstart::text as start, s.seqcache::text as cache, s.seqcycle as cycle,
       oc.relname as owned_table, oa.attname as owned_column,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment
from pg_catalog.pg_sequence s
join pg_catalog.pg_class c on c.oid = s.seqrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_depend od on od.classid = 'pg_catalog.pg_class'::regclass and od.objid = c.oid
      and od.refclassid = 'pg_catalog.pg_class'::regclass and od.refobjsubid > 0 and od.deptype = 'a'
left join pg_catalog.pg_class oc on oc.oid = od.refobjid
left join pg_catalog.pg_attribute oa on oa.attrelid = od.refobjid and oa.attnum = od.refobjsubid
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype in ('i', 'e'))
order by 1, 2`;

export interface SequenceRow {
  schema: string;
  name: string;
  type: SequenceType;
  increment: string;
  min_value: string;
  max_value: string;
  start: string;
  cache: string;
  cycle: boolean;
  owned_table: string | null;
  owned_column: string | null;
  comment: string | null;
}

export function sequenceFromRow(r: SequenceRow): SequenceModel {
  return {
    schema: r.schema,
    name: r.name,
    type: r.type,
    increment: r.increment,
    minValue: r.min_value,
    maxValue: r.max_value,
    start: r.start,
    cache: r.cache,
    cycle: r.cycle,
    ownedBy:
      r.owned_table !== null && r.owned_column !== null
        ? { table: r.owned_table, column: r.owned_column }
        : null,
    comment: r.comment,
  };
}
