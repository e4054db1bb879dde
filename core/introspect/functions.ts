// Functions and procedures of the managed schemas: one catalog query for all of them, plus one
// for what depends on them (triggers, defaults, checks, views...), keyed like dependenciesQuery.
// Only SQL and PL/pgSQL routines with a string body are managed; the rest (C, aggregates, window
// functions, SQL-standard BEGIN ATOMIC bodies) stays in the unmanaged listing.
import type { CatalogDependency } from "../model/dependency";
import type { ArgumentMode, FunctionModel, ParallelSafety, Volatility } from "../model/function";
import { normalizeExpression } from "../model/normalize-expression";
import { readTogether } from "./queryable";
import type { Queryable } from "./queryable";

/** The routines schemastack manages (the unmanaged listing uses the negation). */
export const managedRoutine = `p.prokind in ('f', 'p') and p.prosqlbody is null
    and p.prolang in (select l.oid from pg_catalog.pg_language l where l.lanname in ('sql', 'plpgsql'))`;

export const functionsQuery = `
select n.nspname as schema, p.proname as name, p.prokind as kind,
       (select json_agg(json_build_object('name', coalesce(p.proargnames[a.ord], ''),
                                          'type', pg_catalog.format_type(a.typ, null),
                                          'mode', coalesce(p.proargmodes[a.ord]::text, 'i')) order by a.ord)
        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality a(typ, ord)) as args,
       pg_catalog.pg_get_function_arguments(p.oid) as arguments_text,
       pg_catalog.pg_get_function_result(p.oid) as returns,
       l.lanname as language, p.prosrc as body, p.provolatile as volatility, p.proisstrict as strict,
       p.prosecdef as security_definer, p.proparallel as parallel, p.proconfig as config,
       pg_catalog.obj_description(p.oid, 'pg_proc') as comment
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_language l on l.oid = p.prolang
where n.nspname = any($1::text[]) and ${managedRoutine}
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
order by 1, 2, pg_catalog.pg_get_function_identity_arguments(p.oid)`;

/** Normal dependencies on the managed schemas' functions, dependents keyed as dependenciesQuery keys them. */
export const functionDependenciesQuery = `
select distinct
       case
         when d.classid = 'pg_catalog.pg_trigger'::regclass then
           'trigger:' || tgn.nspname || '.' || tgc.relname || '.' || tg.tgname
         when d.classid = 'pg_catalog.pg_attrdef'::regclass then
           'column:' || adn.nspname || '.' || adc.relname || '.' || ada.attname
         when d.classid = 'pg_catalog.pg_constraint'::regclass and k.conrelid <> 0 then
           'constraint:' || kn.nspname || '.' || kc.relname || '.' || k.conname
         -- a domain's check is part of the domain (managed with it)
         when d.classid = 'pg_catalog.pg_constraint'::regclass and k.contypid <> 0 then
           'type:' || ktn.nspname || '.' || kt.typname
         when d.classid = 'pg_catalog.pg_policy'::regclass then
           'policy:' || pon.nspname || '.' || poc.relname || '.' || po.polname
         when d.classid = 'pg_catalog.pg_rewrite'::regclass and rc.relkind in ('v', 'm') and rw.rulename = '_RETURN' then
           'view:' || rcn.nspname || '.' || rc.relname
         when d.classid = 'pg_catalog.pg_proc'::regclass then
           'function:' || pn.nspname || '.' || pp.proname || '(' || pg_catalog.pg_get_function_identity_arguments(pp.oid) || ')'
         when d.classid = 'pg_catalog.pg_class'::regclass and c.relkind = 'i' then
           'index:' || cn.nspname || '.' || ic.relname || '.' || c.relname
         when d.classid = 'pg_catalog.pg_class'::regclass and c.relkind in ('r', 'p', 'f') and d.objsubid > 0 then
           'column:' || cn.nspname || '.' || c.relname || '.' || ca.attname
         else 'object:' || pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
       end as dependent,
       case when d.classid = 'pg_catalog.pg_rewrite'::regclass and rc.relkind in ('v', 'm') and rw.rulename = '_RETURN'
            then pg_catalog.pg_describe_object('pg_catalog.pg_class'::regclass, rc.oid, 0)
            when d.classid = 'pg_catalog.pg_constraint'::regclass and k.contypid <> 0
            then 'check ' || k.conname || ' of domain ' || ktn.nspname || '.' || kt.typname
            else pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) end as label,
       'function:' || rn.nspname || '.' || rp.proname || '(' || pg_catalog.pg_get_function_identity_arguments(rp.oid) || ')' as referenced
from pg_catalog.pg_depend d
join pg_catalog.pg_proc rp on rp.oid = d.refobjid
join pg_catalog.pg_namespace rn on rn.oid = rp.pronamespace
left join pg_catalog.pg_trigger tg on d.classid = 'pg_catalog.pg_trigger'::regclass and tg.oid = d.objid
left join pg_catalog.pg_class tgc on tgc.oid = tg.tgrelid
left join pg_catalog.pg_namespace tgn on tgn.oid = tgc.relnamespace
left join pg_catalog.pg_attrdef ad on d.classid = 'pg_catalog.pg_attrdef'::regclass and ad.oid = d.objid
left join pg_catalog.pg_class adc on adc.oid = ad.adrelid
left join pg_catalog.pg_namespace adn on adn.oid = adc.relnamespace
left join pg_catalog.pg_attribute ada on ada.attrelid = ad.adrelid and ada.attnum = ad.adnum
left join pg_catalog.pg_constraint k on d.classid = 'pg_catalog.pg_constraint'::regclass and k.oid = d.objid
left join pg_catalog.pg_class kc on kc.oid = k.conrelid
left join pg_catalog.pg_namespace kn on kn.oid = kc.relnamespace
left join pg_catalog.pg_type kt on kt.oid = k.contypid
left join pg_catalog.pg_namespace ktn on ktn.oid = kt.typnamespace
left join pg_catalog.pg_policy po on d.classid = 'pg_catalog.pg_policy'::regclass and po.oid = d.objid
left join pg_catalog.pg_class poc on poc.oid = po.polrelid
left join pg_catalog.pg_namespace pon on pon.oid = poc.relnamespace
left join pg_catalog.pg_rewrite rw on d.classid = 'pg_catalog.pg_rewrite'::regclass and rw.oid = d.objid
left join pg_catalog.pg_class rc on rc.oid = rw.ev_class
left join pg_catalog.pg_namespace rcn on rcn.oid = rc.relnamespace
left join pg_catalog.pg_proc pp on d.classid = 'pg_catalog.pg_proc'::regclass and pp.oid = d.objid
left join pg_catalog.pg_namespace pn on pn.oid = pp.pronamespace
left join pg_catalog.pg_class c on d.classid = 'pg_catalog.pg_class'::regclass and c.oid = d.objid
left join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace
left join pg_catalog.pg_attribute ca on ca.attrelid = c.oid and ca.attnum = d.objsubid and d.objsubid > 0
left join pg_catalog.pg_index ci on c.relkind = 'i' and ci.indexrelid = c.oid
left join pg_catalog.pg_class ic on ic.oid = ci.indrelid
where d.refclassid = 'pg_catalog.pg_proc'::regclass and d.deptype = 'n' and rn.nspname = any($1::text[])
order by 1, 3`;

interface FunctionRow {
  schema: string;
  name: string;
  kind: "f" | "p";
  args: Array<{ name: string; type: string; mode: string }> | null;
  arguments_text: string;
  returns: string | null;
  language: string;
  body: string;
  volatility: "v" | "s" | "i";
  strict: boolean;
  security_definer: boolean;
  parallel: "u" | "r" | "s";
  config: string[] | null;
  comment: string | null;
}

const modes: Record<string, ArgumentMode> = { i: "in", o: "out", b: "inout", v: "variadic" };
const volatility: Record<string, Volatility> = { v: "volatile", s: "stable", i: "immutable" };
const parallel: Record<string, ParallelSafety> = { u: "unsafe", r: "restricted", s: "safe" };

/** Splits at commas outside quotes and brackets (pg_get_function_arguments' list). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      i = close < 0 ? text.length : close;
    } else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim() !== "") out.push(text.slice(start).trim());
  return out;
}

/** `search_path=public, "My schema"` -> ["public", "My schema"]. */
export function parseSearchPath(config: readonly string[] | null): string[] | null {
  const setting = config?.find((c) => c.startsWith("search_path="));
  if (setting === undefined) return null;
  const value = setting.slice("search_path=".length);
  if (value === '""' || value === "") return [];
  return splitTopLevel(value).map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s));
}

function toFunction(r: FunctionRow): FunctionModel {
  const args = (r.args ?? []).filter((a) => a.mode !== "t");
  const printed = splitTopLevel(r.arguments_text);
  return {
    schema: r.schema,
    name: r.name,
    kind: r.kind === "p" ? "procedure" : "function",
    arguments: args.map((a, i) => {
      const text = printed[i] ?? "";
      const at = text.indexOf(" DEFAULT ");
      return {
        name: a.name === "" ? null : a.name,
        type: a.type,
        mode: modes[a.mode] ?? "in",
        default: at < 0 ? null : normalizeExpression(text.slice(at + " DEFAULT ".length)),
      };
    }),
    returns: r.kind === "p" ? null : r.returns,
    language: r.language,
    body: r.body,
    volatility: volatility[r.volatility] ?? "volatile",
    strict: r.strict,
    securityDefiner: r.security_definer,
    parallel: parallel[r.parallel] ?? "unsafe",
    searchPath: parseSearchPath(r.config),
    comment: r.comment,
  };
}

/** The managed schemas' functions and what depends on them; two queries whatever their number. */
export async function introspectFunctions(
  client: Queryable,
  schemas: string[],
): Promise<{ functions: FunctionModel[]; dependencies: CatalogDependency[] }> {
  const [{ rows }, { rows: dependencies }] = await readTogether(client, [
    () => client.query<FunctionRow>(functionsQuery, [schemas]),
    () => client.query<CatalogDependency>(functionDependenciesQuery, [schemas]),
  ]);
  return { functions: rows.map(toFunction), dependencies };
}
