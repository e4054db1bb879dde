// Views and materialized views from the live catalog: two queries whatever the number of views
// (the views with their definition, options, output columns, dependencies and size; then the
// indexes of materialized views, read by the tables' index query restricted to relkind 'm').
// Definitions come from pg_get_viewdef under the introspection's empty search_path, so every
// name is schema-qualified and a rendered declaration prints exactly like the live view.
import type { CheckOption, ViewModel } from "../model/view";
import { IndexRow, indexFromRow } from "./introspect";
import { indexesOf } from "./queries";
import type { Queryable } from "./queryable";

export const viewsQuery = `
select n.nspname as schema, c.relname as name, c.relkind = 'm' as materialized,
       pg_catalog.pg_get_viewdef(c.oid) as definition,
       coalesce(c.reloptions, '{}'::text[]) as options,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment,
       (select coalesce(json_agg(json_build_object('name', a.attname,
                                 'type', pg_catalog.format_type(a.atttypid, a.atttypmod)) order by a.attnum), '[]'::json)
        from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
       array_remove(array(
         select distinct case
           when d.refclassid = 'pg_catalog.pg_class'::regclass then
             case when rc.relkind in ('v', 'm') then 'view:' || rn.nspname || '.' || rc.relname
                  when d.refobjsubid > 0 then 'column:' || rn.nspname || '.' || rc.relname || '.' || ra.attname
                  else 'table:' || rn.nspname || '.' || rc.relname end
           when d.refclassid = 'pg_catalog.pg_proc'::regclass then
             'function:' || pn.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
           when d.refclassid = 'pg_catalog.pg_type'::regclass then
             case when t.typtype = 'e' then 'enum:' else 'type:' end || tn.nspname || '.' || t.typname
         end
         from pg_catalog.pg_rewrite rw
         join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = rw.oid and d.deptype = 'n'
         left join pg_catalog.pg_class rc on d.refclassid = 'pg_catalog.pg_class'::regclass and rc.oid = d.refobjid
         left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
         left join pg_catalog.pg_attribute ra on ra.attrelid = rc.oid and ra.attnum = d.refobjsubid and d.refobjsubid > 0
         left join pg_catalog.pg_proc p on d.refclassid = 'pg_catalog.pg_proc'::regclass and p.oid = d.refobjid
         left join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
         left join pg_catalog.pg_type t on d.refclassid = 'pg_catalog.pg_type'::regclass and t.oid = d.refobjid
         left join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
         where rw.ev_class = c.oid
           and not (d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjid = c.oid)
           and coalesce(rn.nspname, pn.nspname, tn.nspname) not in ('pg_catalog', 'information_schema')
         order by 1), null) as depends_on,
       case when c.relkind = 'm' and c.reltuples >= 0 then c.reltuples::bigint end as rows,
       case when c.relkind = 'm' then c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint end as bytes
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm') and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2`;

/** The tables' index query, for the indexes of materialized views. */
export const materializedViewIndexesQuery = indexesOf("c.relkind = 'm'");

interface ViewRow {
  schema: string;
  name: string;
  materialized: boolean;
  definition: string;
  options: string[];
  comment: string | null;
  columns: Array<{ name: string; type: string }>;
  depends_on: string[];
  rows: string | null;
  bytes: string | null;
}

const truthy = (value: string | undefined) => value !== undefined && /^(true|on|yes|1|t|y)$/i.test(value);

/** `SELECT ...;` as pg_get_viewdef prints it -> the query without the trailing `;`. */
export function viewDefinitionFromCatalog(definition: string): string {
  return definition.replace(/[\s;]+$/, "").trim();
}

export async function readViews(client: Queryable, params: unknown[]): Promise<ViewModel[]> {
  const rows = (await client.query<ViewRow>(viewsQuery, params)).rows;
  if (!rows.length) return [];
  const indexRows = (await client.query<IndexRow>(materializedViewIndexesQuery, params)).rows;
  const views = rows.map((r): ViewModel => {
    const options = new Map(
      r.options.map((o) => {
        const eq = o.indexOf("=");
        return [eq < 0 ? o : o.slice(0, eq), eq < 0 ? "true" : o.slice(eq + 1)] as const;
      }),
    );
    const check = options.get("check_option");
    return {
      schema: r.schema,
      name: r.name,
      materialized: r.materialized,
      definition: viewDefinitionFromCatalog(r.definition),
      options: {
        securityBarrier: truthy(options.get("security_barrier")),
        securityInvoker: truthy(options.get("security_invoker")),
        checkOption: check === "local" || check === "cascaded" ? (check as CheckOption) : null,
      },
      indexes: [],
      comment: r.comment,
      columns: r.columns,
      dependsOn: r.depends_on,
      size: r.materialized
        ? { rows: r.rows === null ? null : Number(r.rows), bytes: Number(r.bytes ?? 0) }
        : null,
    };
  });
  const byName = new Map(views.map((v) => [`${v.schema}.${v.name}`, v]));
  for (const i of indexRows) {
    // An index left INVALID by a failed concurrent build is not the declared one: it is rebuilt.
    if (!i.valid) continue;
    // Storage parameters and comments included: without them a declared fillfactor or comment was
    // lost in rendering and never planned (found by the fuzzer).
    byName.get(`${i.schema}.${i.table}`)?.indexes.push(indexFromRow(i));
  }
  return views;
}
