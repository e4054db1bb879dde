// Exclusion constraints of the managed schemas' tables: one query (method, elements with their
// operators, predicate, deferrability) read from the constraint and its index.
import type { ExclusionConstraint } from "../model/exclusion";
import { normalizeExpression } from "../model/normalize-expression";

export const exclusionConstraintsQuery = `
select n.nspname as schema, c.relname as table, k.conname as name, am.amname as method,
       k.condeferrable as deferrable, k.condeferred as initially_deferred,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) as predicate,
       (select json_agg(json_build_object(
                 'column', case when i.indkey[s.k] <> 0 then a.attname end,
                 'expression', case when i.indkey[s.k] = 0 then pg_catalog.pg_get_indexdef(i.indexrelid, s.k + 1, false) end,
                 'operator', case when opn.nspname = 'pg_catalog' then op.oprname
                                  else 'OPERATOR(' || opn.nspname || '.' || op.oprname || ')' end)
               order by s.k)
        from generate_series(0, i.indnkeyatts - 1) s(k)
        left join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[s.k] and i.indkey[s.k] <> 0
        join pg_catalog.pg_operator op on op.oid = k.conexclop[s.k + 1]
        join pg_catalog.pg_namespace opn on opn.oid = op.oprnamespace) as elements
from pg_catalog.pg_constraint k
join pg_catalog.pg_class c on c.oid = k.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_index i on i.indexrelid = k.conindid
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_am am on am.oid = ic.relam
where k.contype = 'x' and c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
order by 1, 2, 3`;

export interface ExclusionRow {
  schema: string;
  table: string;
  name: string;
  method: string;
  deferrable: boolean;
  initially_deferred: boolean;
  predicate: string | null;
  elements: Array<{ column: string | null; expression: string | null; operator: string }>;
}

export function exclusionFromRow(r: ExclusionRow): ExclusionConstraint {
  return {
    kind: "exclusion",
    name: r.name,
    method: r.method,
    elements: r.elements.map((e) => ({
      column: e.column,
      expression: e.column === null && e.expression !== null ? normalizeExpression(e.expression) : null,
      operator: e.operator,
    })),
    where: r.predicate === null ? null : normalizeExpression(r.predicate),
    deferrable: r.deferrable,
    initiallyDeferred: r.initially_deferred,
  };
}
