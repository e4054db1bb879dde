// Partitioned tables of the managed schemas: the partition key and the partitions (one query).
// A partition in another schema, or one that is partitioned itself, is not managed: it is listed
// as such, never silently dropped.
import type { PartitionModel } from "../model/partition";
import type { UnmanagedObject } from "./introspect";

export const partitionsQuery = `
select n.nspname as schema, c.relname as name, pg_catalog.pg_get_partkeydef(c.oid) as partition_by,
       coalesce((select json_agg(json_build_object(
                  'schema', pn.nspname, 'name', pc.relname,
                  'bound', pg_catalog.pg_get_expr(pc.relpartbound, pc.oid),
                  'comment', pg_catalog.obj_description(pc.oid, 'pg_class'),
                  'partitioned', pc.relkind = 'p',
                  -- what was added to this partition alone (not through its parent): left alone, listed
                  'local', array(
                    select 'index ' || ic.relname from pg_catalog.pg_index x
                    join pg_catalog.pg_class ic on ic.oid = x.indexrelid
                    where x.indrelid = pc.oid
                      and not exists (select 1 from pg_catalog.pg_inherits xi where xi.inhrelid = x.indexrelid)
                      and not exists (select 1 from pg_catalog.pg_constraint xk where xk.conindid = x.indexrelid)
                    union all
                    select 'constraint ' || k.conname from pg_catalog.pg_constraint k
                    where k.conrelid = pc.oid and k.conislocal and k.coninhcount = 0 and k.conparentid = 0)
                  ) order by pc.relname)
                 from pg_catalog.pg_inherits i
                 join pg_catalog.pg_class pc on pc.oid = i.inhrelid
                 join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
                 where i.inhparent = c.oid), '[]') as partitions
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'p' and not c.relispartition and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2`;

export interface PartitionedTableRow {
  schema: string;
  name: string;
  partition_by: string;
  partitions: Array<{
    schema: string;
    name: string;
    bound: string;
    comment: string | null;
    partitioned: boolean;
    local: string[];
  }>;
}

/** The managed partitions of one partitioned table, and the ones left alone. */
export function partitionsFromRow(r: PartitionedTableRow): {
  partitions: PartitionModel[];
  unmanaged: UnmanagedObject[];
} {
  const partitions: PartitionModel[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const p of r.partitions) {
    if (p.schema !== r.schema || p.partitioned)
      unmanaged.push({
        kind: p.partitioned ? "partitioned partition" : "partition in another schema",
        schema: p.schema,
        name: `${p.name} (of ${r.schema}.${r.name})`,
      });
    else partitions.push({ name: p.name, bound: p.bound, comment: p.comment });
    for (const what of p.local ?? [])
      unmanaged.push({
        kind: `${what.split(" ")[0]} of a partition`,
        schema: p.schema,
        name: `${p.name}.${what.slice(what.indexOf(" ") + 1)}`,
      });
  }
  return { partitions, unmanaged };
}
