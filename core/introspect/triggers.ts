// Triggers on the managed schemas' plain tables, in one catalog query. Triggers on views,
// partitioned tables or partitions stay in the unmanaged listing.
import { normalizeExpression } from "../model/normalize-expression";
import { eventOrder, TriggerEnabled, TriggerEvent, TriggerModel } from "../model/trigger";
import type { Queryable } from "./queryable";

/** Which triggers are managed (the unmanaged listing uses the negation). */
export const managedTrigger = `not t.tgisinternal and c.relkind = 'r' and not c.relispartition`;

export const triggersQuery = `
select n.nspname as schema, c.relname as table, t.tgname as name, t.tgtype as type, t.tgenabled as enabled,
       array(select a.attname::text from unnest(t.tgattr::int2[]) with ordinality u(num, ord)
             join pg_catalog.pg_attribute a on a.attrelid = t.tgrelid and a.attnum = u.num order by u.ord) as update_of,
       pg_catalog.pg_get_triggerdef(t.oid) as definition,
       fn.nspname as function_schema, p.proname as function_name, t.tgnargs as nargs, t.tgargs as args,
       pg_catalog.obj_description(t.oid, 'pg_trigger') as comment
from pg_catalog.pg_trigger t
join pg_catalog.pg_class c on c.oid = t.tgrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_proc p on p.oid = t.tgfoid
join pg_catalog.pg_namespace fn on fn.oid = p.pronamespace
where ${managedTrigger} and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2, 3`;

interface TriggerRow {
  schema: string;
  table: string;
  name: string;
  type: number;
  enabled: "O" | "D" | "R" | "A";
  update_of: string[];
  definition: string;
  function_schema: string;
  function_name: string;
  nargs: number;
  args: Buffer | null;
  comment: string | null;
}

// pg_trigger.tgtype bits (catalog/pg_trigger.h)
const ROW = 1;
const BEFORE = 2;
const INSTEAD = 64;
const eventBits: Record<TriggerEvent, number> = { insert: 4, delete: 8, update: 16, truncate: 32 };
const enabledStates: Record<string, TriggerEnabled> = {
  O: "origin",
  D: "disabled",
  R: "replica",
  A: "always",
};

/** The WHEN condition out of pg_get_triggerdef's text (its expression is not exposed on its own). */
export function whenFromDefinition(definition: string): string | null {
  const m = / WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) /s.exec(definition);
  return m ? normalizeExpression(m[1]) : null;
}

/** tgargs: each argument followed by a NUL byte. */
function triggerArguments(args: Buffer | null, count: number): string[] {
  if (!args || count === 0) return [];
  return args.toString("utf8").split("\u0000").slice(0, count);
}

function toTrigger(r: TriggerRow): TriggerModel {
  return {
    schema: r.schema,
    table: r.table,
    name: r.name,
    timing: r.type & INSTEAD ? "instead of" : r.type & BEFORE ? "before" : "after",
    events: eventOrder.filter((e) => r.type & eventBits[e]),
    updateOf: r.update_of,
    forEach: r.type & ROW ? "row" : "statement",
    when: whenFromDefinition(r.definition),
    function: { schema: r.function_schema, name: r.function_name },
    arguments: triggerArguments(r.args, r.nargs),
    enabled: enabledStates[r.enabled] ?? "origin",
    comment: r.comment,
  };
}

export async function introspectTriggers(client: Queryable, schemas: string[]): Promise<TriggerModel[]> {
  return (await client.query<TriggerRow>(triggersQuery, [schemas])).rows.map(toTrigger);
}
