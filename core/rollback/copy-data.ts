// Copies restored data from a scratch database (a dump restored on the side) into the live one.
// Rows travel as JSON text (`to_jsonb(row)::text`, never parsed in Node, so bigints and numerics
// keep every digit) and land through `jsonb_populate_recordset(NULL::live_table, $1)`, so each
// value is converted by Postgres into the live column's type. Identifiers are quoted, values are
// parameters.
import type { Queryable } from "../introspect/queryable";
import { quoteIdent, quoteQualified } from "../sql/quote";

const batchRows = 1000;

/** Column names of a table in `db`, or undefined when the table does not exist. */
export async function tableColumns(
  db: Queryable,
  schema: string,
  table: string,
): Promise<string[] | undefined> {
  const exists = await db.query<{ ok: boolean }>("select pg_catalog.to_regclass($1) is not null as ok", [
    quoteQualified(schema, table),
  ]);
  if (!exists.rows[0]?.ok) return undefined;
  const { rows } = await db.query<{ name: string }>(
    `select attname as name from pg_catalog.pg_attribute
      where attrelid = pg_catalog.to_regclass($1) and attnum > 0 and not attisdropped order by attnum`,
    [quoteQualified(schema, table)],
  );
  return rows.map((r) => r.name);
}

/** Streams `select columns from table` out of `source` as JSON text rows, in batches. */
async function* jsonBatches(
  source: Queryable,
  schema: string,
  table: string,
  columns: readonly string[],
): AsyncGenerator<string[]> {
  const cursor = "schemastack_rollback_rows";
  await source.query("begin isolation level repeatable read read only");
  try {
    await source.query(
      `declare ${cursor} no scroll cursor for select pg_catalog.to_jsonb(s)::text as row from (select ${columns
        .map(quoteIdent)
        .join(", ")} from ${quoteQualified(schema, table)}) s`,
    );
    for (;;) {
      const { rows } = await source.query<{ row: string }>(`fetch ${batchRows} from ${cursor}`);
      if (rows.length === 0) break;
      yield rows.map((r) => r.row);
    }
  } finally {
    await source.query("rollback").catch(() => undefined);
  }
}

/** Inserts every row of the source table into the (empty, re-created) live table. Returns the row count. */
export async function copyTableRows(
  source: Queryable,
  live: Queryable,
  args: { schema: string; table: string; columns: readonly string[]; identityAlways: boolean },
): Promise<number> {
  const list = args.columns.map(quoteIdent).join(", ");
  const overriding = args.identityAlways ? " overriding system value" : "";
  let count = 0;
  for await (const batch of jsonBatches(source, args.schema, args.table, args.columns)) {
    await live.query(
      `insert into ${quoteQualified(args.schema, args.table)} (${list})${overriding}
       select ${list} from pg_catalog.jsonb_populate_recordset(null::${quoteQualified(args.schema, args.table)}, $1::jsonb)`,
      [`[${batch.join(",")}]`],
    );
    count += batch.length;
  }
  return count;
}

/** Sets the values of `columns` in live rows from the source rows with the same key. Returns rows matched. */
export async function copyColumnValues(
  source: Queryable,
  live: Queryable,
  args: { schema: string; table: string; key: readonly string[]; columns: readonly string[] },
): Promise<number> {
  const target = quoteQualified(args.schema, args.table);
  const set = args.columns.map((c) => `${quoteIdent(c)} = src.${quoteIdent(c)}`).join(", ");
  const match = args.key.map((k) => `d.${quoteIdent(k)} = src.${quoteIdent(k)}`).join(" and ");
  let count = 0;
  for await (const batch of jsonBatches(source, args.schema, args.table, [...args.key, ...args.columns])) {
    const result = await live.query<{ n: string }>(
      `with updated as (
         update ${target} as d set ${set}
           from pg_catalog.jsonb_populate_recordset(null::${target}, $1::jsonb) as src
          where ${match} returning 1)
       select count(*)::text as n from updated`,
      [`[${batch.join(",")}]`],
    );
    count += Number(result.rows[0]?.n ?? 0);
  }
  return count;
}

/** Moves identity sequences past the restored values. */
export async function resetIdentity(
  live: Queryable,
  schema: string,
  table: string,
  column: string,
): Promise<void> {
  await live.query(
    `select pg_catalog.setval(s, coalesce(m, 1), m is not null)
       from (select pg_catalog.pg_get_serial_sequence($1, $2) as s) seq,
            (select max(${quoteIdent(column)})::bigint as m from ${quoteQualified(schema, table)}) mx
      where s is not null`,
    [quoteQualified(schema, table), column],
  );
}

/**
 * Puts a sequence created again by the rollback back where the dump has it, never behind the
 * largest value its owning column holds now (rows restored from the dump, or written since), so
 * the next nextval() repeats no id.
 */
export async function restoreSequencePosition(
  source: Queryable,
  live: Queryable,
  schema: string,
  sequence: string,
): Promise<void> {
  const name = quoteQualified(schema, sequence);
  const dumped = (
    await source.query<{ last: string; called: boolean }>(
      `select last_value::text as last, is_called as called from ${name}`,
    )
  ).rows[0];
  if (!dumped) return;
  const { rows: owners } = await live.query<{ schema: string; table: string; column: string; up: boolean }>(
    `select n.nspname as schema, c.relname as table, a.attname as column, s.seqincrement > 0 as up
       from pg_catalog.pg_sequence s
       left join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_class'::regclass and d.objid = s.seqrelid
            and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0 and d.deptype in ('a', 'i')
       left join pg_catalog.pg_class c on c.oid = d.refobjid
       left join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       left join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where s.seqrelid = pg_catalog.to_regclass($1)`,
    [name],
  );
  let last = BigInt(dumped.last);
  let called = dumped.called;
  const owner = owners[0];
  if (owner?.table && owner.up) {
    const { rows } = await live.query<{ m: string | null }>(
      `select max(${quoteIdent(owner.column)})::text as m from ${quoteQualified(owner.schema, owner.table)}`,
    );
    const max = rows[0]?.m;
    if (max != null && BigInt(max) >= (called ? last + 1n : last)) {
      last = BigInt(max);
      called = true;
    }
  }
  await live.query("select pg_catalog.setval($1, $2::bigint, $3)", [name, last.toString(), called]);
}
