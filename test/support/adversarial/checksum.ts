// "Byte-for-byte unchanged": a snapshot of the catalog rows of every user schema (relations,
// attributes, defaults, constraints, indexes, types, enum labels, comments, owners, OIDs) and an md5
// of every table's rows. Two snapshots are compared with deepStrictEqual so a failure names what moved.
import { createHash } from "crypto";
import { Client } from "pg";

export interface DatabaseSnapshot {
  catalog: Record<string, unknown[]>;
  rows: Record<string, string>;
}

const userSchemas = `n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`;

const catalogQueries: Record<string, string> = {
  namespaces: `select n.oid::int8, n.nspname, pg_get_userbyid(n.nspowner) as owner, n.nspacl::text
    from pg_namespace n where ${userSchemas} order by n.nspname`,
  relations: `select c.oid::int8, n.nspname, c.relname, c.relkind, c.relpersistence, c.relowner::regrole::text,
      c.reloptions::text, c.relacl::text, c.relfilenode::int8, c.relnatts
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${userSchemas}
    order by n.nspname, c.relname`,
  attributes: `select c.relname, n.nspname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) as type,
      a.attnotnull, a.atthasdef, a.attidentity, a.attgenerated, a.attisdropped, a.attcollation::int8,
      pg_get_expr(d.adbin, d.adrelid) as def
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${userSchemas} and a.attnum > 0 order by n.nspname, c.relname, a.attnum`,
  constraints: `select k.oid::int8, n.nspname, k.conname, k.conrelid::int8, k.contype, k.convalidated,
      k.condeferrable, k.condeferred, pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_namespace n on n.oid = k.connamespace where ${userSchemas}
    order by n.nspname, k.conname, k.oid`,
  indexes: `select i.indexrelid::int8, pg_get_indexdef(i.indexrelid) as def, i.indisvalid, i.indisready,
      i.indisunique, i.indisprimary
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where ${userSchemas} order by 2`,
  types: `select t.oid::int8, n.nspname, t.typname, t.typtype, t.typowner::regrole::text,
      (select string_agg(e.enumlabel, '|' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) as labels
    from pg_type t join pg_namespace n on n.oid = t.typnamespace where ${userSchemas}
    order by n.nspname, t.typname`,
  comments: `select d.objoid::int8, d.classoid::regclass::text, d.objsubid, d.description
    from pg_description d where d.objoid in (
      select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${userSchemas}
      union all select t.oid from pg_type t join pg_namespace n on n.oid = t.typnamespace where ${userSchemas}
      union all select k.oid from pg_constraint k join pg_namespace n on n.oid = k.connamespace where ${userSchemas})
    order by 1, 2, 3`,
  sequences: `select s.seqrelid::int8, s.seqstart::text, s.seqincrement::text from pg_sequence s
    join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
    where ${userSchemas} order by 1`,
};

export async function snapshotDatabase(url: string): Promise<DatabaseSnapshot> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const catalog: Record<string, unknown[]> = {};
    for (const [name, text] of Object.entries(catalogQueries)) {
      catalog[name] = (await client.query(text)).rows;
    }
    const tables = await client.query<{ q: string }>(
      `select format('%I.%I', n.nspname, c.relname) as q from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and ${userSchemas} order by 1`,
    );
    const rows: Record<string, string> = {};
    for (const { q } of tables.rows) {
      const r = await client.query<{ md5: string | null; n: string }>(
        `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5, count(*)::text as n from ${q} t`,
      );
      rows[q] = `${r.rows[0].n} rows, md5 ${r.rows[0].md5}`;
    }
    return { catalog, rows };
  } finally {
    await client.end();
  }
}

/** One hash of a snapshot, for messages and figures. */
export function snapshotDigest(s: DatabaseSnapshot): string {
  return createHash("sha256").update(JSON.stringify(s)).digest("hex").slice(0, 16);
}
