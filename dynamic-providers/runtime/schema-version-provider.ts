// The schema version row: written last in an update (it depends on every schema object), read
// back on preview so an edited row shows up as drift.
import type * as pulumi from "@pulumi/pulumi";
import { quoteIdent } from "../../core/sql";
import { warn } from "./engine-log";
import { withClient } from "./live-catalog";

export interface SchemaVersionProps {
  connection: string;
  /** Where the row lives; the schema is outside the managed ones so planners never touch it. */
  schema: string;
  table: string;
  version: string;
  fingerprint: string;
  stack: string;
}

interface VersionRow {
  version: string;
  fingerprint: string;
  stack: string;
  applied_at: Date;
}

export const schemaVersionProvider: pulumi.dynamic.ResourceProvider<SchemaVersionProps, SchemaVersionProps> =
  {
    async diff(_id, olds, news) {
      const row = await readRow(news);
      const drift: string[] = [];
      if (!row) drift.push(`schema version row is missing from ${news.schema}.${news.table}`);
      else {
        if (row.version !== news.version)
          drift.push(`schema version is "${row.version}" in the database, declared "${news.version}"`);
        if (row.fingerprint !== news.fingerprint)
          drift.push(
            `schema fingerprint is ${row.fingerprint} in the database, declared ${news.fingerprint}`,
          );
      }
      for (const line of drift) await warn(`drift: ${line}`);
      return {
        changes:
          drift.length > 0 ||
          olds.stack !== news.stack ||
          olds.schema !== news.schema ||
          olds.table !== news.table,
      };
    },
    async create(inputs) {
      await writeRow(inputs);
      return { id: `${inputs.schema}.${inputs.table}`, outs: inputs };
    },
    async update(_id, _olds, news) {
      await writeRow(news);
      return { outs: news };
    },
    async read(id, props) {
      if (!props) throw new Error(`cannot import ${id}`);
      const row = await readRow(props);
      if (!row) return { id: "", props, inputs: props };
      const live = { ...props, version: row.version, fingerprint: row.fingerprint, stack: row.stack };
      return { id, props: live, inputs: live };
    },
    async delete(_id, props) {
      // The history stays: deleting the resource keeps the table and its rows.
      void props;
    },
  };

function tableName(props: Pick<SchemaVersionProps, "schema" | "table">): string {
  return `${quoteIdent(props.schema)}.${quoteIdent(props.table)}`;
}

async function writeRow(props: SchemaVersionProps): Promise<void> {
  await withClient(props.connection, async (client) => {
    await client.query(`create schema if not exists ${quoteIdent(props.schema)}`);
    await client.query(
      `create table if not exists ${tableName(props)} (
         id bigint generated always as identity primary key,
         version text not null,
         fingerprint text not null,
         stack text not null,
         applied_at timestamptz not null default now())`,
    );
    await client.query(`insert into ${tableName(props)} (version, fingerprint, stack) values ($1, $2, $3)`, [
      props.version,
      props.fingerprint,
      props.stack,
    ]);
  });
}

/** The newest row, or undefined when the table or row is missing. */
export async function readRow(
  props: Pick<SchemaVersionProps, "connection" | "schema" | "table">,
): Promise<VersionRow | undefined> {
  return withClient(props.connection, async (client) => {
    const exists = await client.query("select to_regclass($1) is not null as ok", [
      `${quoteIdent(props.schema)}.${quoteIdent(props.table)}`,
    ]);
    if (!exists.rows[0]?.ok) return undefined;
    const result = await client.query<VersionRow>(
      `select version, fingerprint, stack, applied_at from ${tableName(props)} order by id desc limit 1`,
    );
    return result.rows[0];
  });
}
