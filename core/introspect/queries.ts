// The catalog queries of one introspection. Each covers every managed schema at once ($1 = schema
// names), so the number of round trips does not grow with the number of tables. They run with an
// empty search_path, so format_type() and pg_get_expr() qualify every non-catalog name.
import { managedRoutine } from "./functions";
import { managedTrigger } from "./triggers";

export const schemasQuery = `
select n.nspname as name, pg_catalog.obj_description(n.oid, 'pg_namespace') as comment
from pg_catalog.pg_namespace n
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
order by 1`;

export const enumsQuery = `
select n.nspname as schema, t.typname as name,
       array(select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values,
       pg_catalog.obj_description(t.oid, 'pg_type') as comment
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e' and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2`;

export const tablesQuery = `
select n.nspname as schema, c.relname as name, c.relpersistence = 'u' as unlogged,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2`;

export const columnsQuery = `
select n.nspname as schema, c.relname as table, a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
       not a.attnotnull as nullable,
       case when a.attgenerated = '' then (select pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) from pg_catalog.pg_attrdef ad
                                          where ad.adrelid = a.attrelid and ad.adnum = a.attnum) end as default,
       case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity,
       case when a.attgenerated = 's' then (select pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) from pg_catalog.pg_attrdef ad
                                          where ad.adrelid = a.attrelid and ad.adnum = a.attnum) end as generated,
       case when a.attcollation <> t.typcollation then
         case when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end
       end as collation,
       pg_catalog.col_description(c.oid, a.attnum) as comment
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_collation co on co.oid = a.attcollation
left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
where c.relkind in ('r', 'p') and not c.relispartition and a.attnum > 0 and not a.attisdropped
  and n.nspname = any($1::text[])
order by 1, 2, a.attnum`;

export const constraintsQuery = `
select n.nspname as schema, c.relname as table, k.conname as name, k.contype as type,
       array(select a.attname::text from unnest(k.conkey) with ordinality u(num, ord)
             join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord) as columns,
       fn.nspname as ref_schema, fc.relname as ref_table,
       array(select a.attname::text from unnest(k.confkey) with ordinality u(num, ord)
             join pg_catalog.pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord) as ref_columns,
       k.confdeltype as on_delete, k.confupdtype as on_update,
       k.condeferrable as deferrable, k.condeferred as initially_deferred,
       k.convalidated as validated,
       coalesce(i.indnullsnotdistinct, false) as nulls_not_distinct,
       case when k.contype = 'c' then pg_catalog.pg_get_constraintdef(k.oid) end as definition,
       k.connoinherit as no_inherit,
       pg_catalog.obj_description(k.oid, 'pg_constraint') as comment
from pg_catalog.pg_constraint k
join pg_catalog.pg_class c on c.oid = k.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_class fc on fc.oid = k.confrelid
left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace
left join pg_catalog.pg_index i on i.indexrelid = k.conindid and k.contype in ('p', 'u')
where k.contype in ('p', 'u', 'c', 'f') and c.relkind in ('r', 'p') and not c.relispartition
  and n.nspname = any($1::text[])
order by 1, 2, 3`;

/**
 * Non-constraint indexes of the relations `relations` selects (an SQL condition on `c`, the indexed
 * relation): tables and materialized views share this one query text.
 */
export const indexesOf = (relations: string) => `
select n.nspname as schema, c.relname as table, ic.relname as name, am.amname as method,
       i.indisunique as unique, i.indnullsnotdistinct as nulls_not_distinct, i.indisvalid as valid,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) as predicate,
       ic.reloptions as storage,
       pg_catalog.obj_description(ic.oid, 'pg_class') as comment,
       (select json_agg(json_build_object(
                 'column', case when i.indkey[s.k] <> 0 then a.attname end,
                 'expression', case when i.indkey[s.k] = 0 then pg_catalog.pg_get_indexdef(i.indexrelid, s.k + 1, false) end,
                 'key', s.k < i.indnkeyatts,
                 'desc', (i.indoption[s.k] & 1) = 1,
                 'nullsFirst', (i.indoption[s.k] & 2) = 2,
                 'opclass', case when s.k < i.indnkeyatts and not oc.opcdefault then
                              case when ocn.nspname = 'pg_catalog' then oc.opcname else ocn.nspname || '.' || oc.opcname end end,
                 'collation', case when s.k < i.indnkeyatts and i.indcollation[s.k] <> 0
                                    and i.indcollation[s.k] <> coalesce(a.attcollation, 100) then
                              case when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end end)
               order by s.k)
        from generate_series(0, i.indnatts - 1) s(k)
        left join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[s.k] and i.indkey[s.k] <> 0
        left join pg_catalog.pg_opclass oc on oc.oid = i.indclass[s.k]
        left join pg_catalog.pg_namespace ocn on ocn.oid = oc.opcnamespace
        left join pg_catalog.pg_collation co on co.oid = i.indcollation[s.k]
        left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace) as keys
from pg_catalog.pg_index i
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_am am on am.oid = ic.relam
where ${relations} and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
order by 1, 2, 3`;

export const indexesQuery = indexesOf("c.relkind in ('r', 'p') and not c.relispartition");

/**
 * Objects in managed schemas the model does not manage: reported, never dropped. (Sequences are
 * managed: core/introspect/sequence.ts.)
 */
export const unmanagedQuery = `
select kind, schema, name from (
  select case c.relkind when 'S' then 'sequence'
                        when 'f' then 'foreign table' when 'p' then 'partitioned table' else 'partition' end as kind,
         n.nspname as schema, c.relname as name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1::text[])
    -- partitioned tables and their same-schema partitions are managed (introspect/partitions.ts)
    and (c.relkind = 'f' or (c.relkind = 'p' and c.relispartition)
         or (c.relkind = 'r' and c.relispartition and not exists (
               select 1 from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
               where i.inhrelid = c.oid and pc.relnamespace = c.relnamespace and not pc.relispartition)))
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  union all
  select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, n.nspname,
         p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any($1::text[]) and not (${managedRoutine})
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  select 'trigger', n.nspname, c.relname || '.' || t.tgname
  from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where not t.tgisinternal and not (${managedTrigger}) and n.nspname = any($1::text[])
  union all
  select 'policy', n.nspname, c.relname || '.' || p.polname
  from pg_catalog.pg_policy p join pg_catalog.pg_class c on c.oid = p.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1::text[])
  union all
  select 'range type', n.nspname, t.typname
  from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
  -- domains and composite types are managed (introspect/domains.ts, composite-types.ts)
  where n.nspname = any($1::text[]) and t.typtype = 'r'
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
  union all
  -- The other kinds a schema can hold, none of them managed yet (extensions' own excluded).
  select o.kind, n.nspname, o.name
  from (
    select 'collation', c.collnamespace, c.collname::text, 'pg_catalog.pg_collation'::regclass, c.oid
      from pg_catalog.pg_collation c
    union all
    select 'operator', o.oprnamespace,
           o.oprname || '(' || coalesce(pg_catalog.format_type(nullif(o.oprleft, 0), null), 'none') || ', '
             || coalesce(pg_catalog.format_type(nullif(o.oprright, 0), null), 'none') || ')',
           'pg_catalog.pg_operator'::regclass, o.oid
      from pg_catalog.pg_operator o
    union all
    select 'operator class', c.opcnamespace, c.opcname::text, 'pg_catalog.pg_opclass'::regclass, c.oid
      from pg_catalog.pg_opclass c
    union all
    select 'operator family', f.opfnamespace, f.opfname::text, 'pg_catalog.pg_opfamily'::regclass, f.oid
      from pg_catalog.pg_opfamily f
    union all
    select 'statistics', x.stxnamespace, x.stxname::text, 'pg_catalog.pg_statistic_ext'::regclass, x.oid
      from pg_catalog.pg_statistic_ext x
    union all
    select 'text search configuration', c.cfgnamespace, c.cfgname::text, 'pg_catalog.pg_ts_config'::regclass, c.oid
      from pg_catalog.pg_ts_config c
    union all
    select 'text search dictionary', d.dictnamespace, d.dictname::text, 'pg_catalog.pg_ts_dict'::regclass, d.oid
      from pg_catalog.pg_ts_dict d
    union all
    select 'conversion', c.connamespace, c.conname::text, 'pg_catalog.pg_conversion'::regclass, c.oid
      from pg_catalog.pg_conversion c
  ) o(kind, namespace, name, classid, oid)
  join pg_catalog.pg_namespace n on n.oid = o.namespace
  where n.nspname = any($1::text[])
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = o.classid and d.objid = o.oid and d.deptype = 'e')
  union all
  select 'rule', n.nspname, c.relname || '.' || r.rulename
  from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where r.rulename <> '_RETURN' and n.nspname = any($1::text[])
) u
order by 1, 2, 3`;

/**
 * Every normal ('n') dependency on a table, column, index, view or type of the managed schemas, in one
 * query: what a DROP without CASCADE refuses over, and what ALTER COLUMN TYPE refuses under (views
 * through their pg_rewrite rule, triggers, defaults, constraints, functions with SQL bodies...).
 * Both sides come out as object keys (raw names, like the planner's keys); the planner decides
 * which dependents it manages. Automatic and internal dependencies (an index on its table, a
 * serial's sequence on its column) go with their object and are not listed.
 */
export const dependenciesQuery = `
with d as (
  select d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
  from pg_catalog.pg_depend d
  where d.deptype = 'n'
    and d.refclassid in ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_type'::regclass)
), referenced as (
  select d.*,
         case when d.refclassid = 'pg_catalog.pg_type'::regclass then
                case when t.typtype = 'e' then 'enum:' else 'type:' end || tn.nspname || '.' || t.typname
              when rc.relkind in ('r', 'p') and d.refobjsubid = 0 then 'table:' || rn.nspname || '.' || rc.relname
              when rc.relkind in ('r', 'p') then 'column:' || rn.nspname || '.' || rc.relname || '.' || ra.attname
              when rc.relkind = 'i' then 'index:' || rn.nspname || '.' || it.relname || '.' || rc.relname
              when rc.relkind in ('v', 'm') then 'view:' || rn.nspname || '.' || rc.relname
         end as referenced
  from d
  left join pg_catalog.pg_class rc on d.refclassid = 'pg_catalog.pg_class'::regclass and rc.oid = d.refobjid
  left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
  left join pg_catalog.pg_attribute ra on ra.attrelid = rc.oid and ra.attnum = d.refobjsubid and d.refobjsubid > 0
  left join pg_catalog.pg_index ri on rc.relkind = 'i' and ri.indexrelid = rc.oid
  left join pg_catalog.pg_class it on it.oid = ri.indrelid
  left join pg_catalog.pg_type t on d.refclassid = 'pg_catalog.pg_type'::regclass and t.oid = d.refobjid
  left join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
  where coalesce(rn.nspname, tn.nspname) = any($1::text[])
    and (rc.relkind in ('r', 'p', 'i', 'v', 'm') or t.typtype in ('e', 'd', 'c', 'r'))
    and (t.oid is null or t.typtype <> 'c' or exists (
          select 1 from pg_catalog.pg_class tc where tc.oid = t.typrelid and tc.relkind = 'c'))
), resolved as (
  select r.referenced,
         -- a view's dependencies are its _RETURN rule's: name the view
         case when r.classid = 'pg_catalog.pg_rewrite'::regclass then 'pg_catalog.pg_class'::regclass else r.classid end as classid,
         case when r.classid = 'pg_catalog.pg_rewrite'::regclass then rw.ev_class else r.objid end as objid,
         case when r.classid = 'pg_catalog.pg_rewrite'::regclass then 0 else r.objsubid end as objsubid,
         rw.rulename
  from referenced r
  left join pg_catalog.pg_rewrite rw on r.classid = 'pg_catalog.pg_rewrite'::regclass and rw.oid = r.objid
  where r.referenced is not null
)
select distinct
       case
         when r.classid = 'pg_catalog.pg_class'::regclass then
           case when c.relkind in ('v', 'm') then 'view:' || cn.nspname || '.' || c.relname
                when r.rulename is not null and r.rulename <> '_RETURN' then 'rule:' || cn.nspname || '.' || c.relname || '.' || r.rulename
                when c.relkind in ('r', 'p', 'f') and r.objsubid > 0 then 'column:' || cn.nspname || '.' || c.relname || '.' || ca.attname
                when c.relkind in ('r', 'p', 'f') then 'table:' || cn.nspname || '.' || c.relname
                when c.relkind = 'S' then 'sequence:' || cn.nspname || '.' || c.relname
                when c.relkind = 'i' then 'index:' || cn.nspname || '.' || ic.relname || '.' || c.relname
                else 'relation:' || cn.nspname || '.' || c.relname end
         -- A default's column, looked up by the default's oid through pg_attrdef's index: joined,
         -- the planner compared every default with every dependency inside a render's transaction
         -- (the catalog's statistics do not count the rows that transaction made).
         when r.classid = 'pg_catalog.pg_attrdef'::regclass then
           (select 'column:' || adn.nspname || '.' || adc.relname || '.' || ada.attname
              from pg_catalog.pg_attrdef ad
              join pg_catalog.pg_class adc on adc.oid = ad.adrelid
              join pg_catalog.pg_namespace adn on adn.oid = adc.relnamespace
              join pg_catalog.pg_attribute ada on ada.attrelid = ad.adrelid and ada.attnum = ad.adnum
             where ad.oid = r.objid)
         when r.classid = 'pg_catalog.pg_constraint'::regclass and k.conrelid <> 0 then
           'constraint:' || kn.nspname || '.' || kc.relname || '.' || k.conname
         when r.classid = 'pg_catalog.pg_trigger'::regclass then
           'trigger:' || tgn.nspname || '.' || tgc.relname || '.' || tg.tgname
         when r.classid = 'pg_catalog.pg_policy'::regclass then
           'policy:' || pon.nspname || '.' || poc.relname || '.' || po.polname
         when r.classid = 'pg_catalog.pg_proc'::regclass then
           'function:' || prn.nspname || '.' || pr.proname || '(' || pg_catalog.pg_get_function_identity_arguments(pr.oid) || ')'
         else 'object:' || pg_catalog.pg_describe_object(r.classid, r.objid, r.objsubid)
       end as dependent,
       case when r.rulename is not null and r.rulename <> '_RETURN' then pg_catalog.pg_describe_object('pg_catalog.pg_rewrite'::regclass, rwo.oid, 0)
            else pg_catalog.pg_describe_object(r.classid, r.objid, r.objsubid) end as label,
       r.referenced
from resolved r
left join pg_catalog.pg_class c on r.classid = 'pg_catalog.pg_class'::regclass and c.oid = r.objid
left join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace
left join pg_catalog.pg_attribute ca on ca.attrelid = c.oid and ca.attnum = r.objsubid and r.objsubid > 0
left join pg_catalog.pg_index ci on c.relkind = 'i' and ci.indexrelid = c.oid
left join pg_catalog.pg_class ic on ic.oid = ci.indrelid
left join pg_catalog.pg_rewrite rwo on r.rulename is not null and rwo.ev_class = c.oid and rwo.rulename = r.rulename
left join pg_catalog.pg_constraint k on r.classid = 'pg_catalog.pg_constraint'::regclass and k.oid = r.objid
left join pg_catalog.pg_class kc on kc.oid = k.conrelid
left join pg_catalog.pg_namespace kn on kn.oid = kc.relnamespace
left join pg_catalog.pg_trigger tg on r.classid = 'pg_catalog.pg_trigger'::regclass and tg.oid = r.objid
left join pg_catalog.pg_class tgc on tgc.oid = tg.tgrelid
left join pg_catalog.pg_namespace tgn on tgn.oid = tgc.relnamespace
left join pg_catalog.pg_policy po on r.classid = 'pg_catalog.pg_policy'::regclass and po.oid = r.objid
left join pg_catalog.pg_class poc on poc.oid = po.polrelid
left join pg_catalog.pg_namespace pon on pon.oid = poc.relnamespace
left join pg_catalog.pg_proc pr on r.classid = 'pg_catalog.pg_proc'::regclass and pr.oid = r.objid
left join pg_catalog.pg_namespace prn on prn.oid = pr.pronamespace
order by 1, 3`;
