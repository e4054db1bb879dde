// The schema version row: written last in an update (it depends on every schema object), read
// back on preview so an edited row shows up as drift.
import type * as pulumi from "@pulumi/pulumi";
import { readVersionRow, VersionRow, writeVersionRow } from "../../core/verify/version-table";
import { warn } from "./engine-log";
import { withClient } from "./live-catalog";
import type { SchemaVersionProps } from "../provider-props";
export type { SchemaVersionProps };

export const schemaVersionProvider: pulumi.dynamic.ResourceProvider<SchemaVersionProps, SchemaVersionProps> =
  {
    async diff(_id, olds, news) {
      const row = await readRow(news);
      // Drift is a row changed outside the program: a version the program bumps is its own change
      // (the row still says what the last update wrote), shown by `preview --diff`, not warned about.
      const drift: string[] = [];
      if (!row) drift.push(`schema version row is missing from ${news.schema}.${news.table}`);
      else {
        if (row.version !== news.version && row.version !== olds.version)
          drift.push(`schema version is "${row.version}" in the database, declared "${news.version}"`);
        if (row.fingerprint !== news.fingerprint && row.fingerprint !== olds.fingerprint)
          drift.push(
            `schema fingerprint is ${row.fingerprint} in the database, declared ${news.fingerprint}`,
          );
      }
      for (const line of drift) await warn(`drift: ${line}`);
      return {
        changes:
          drift.length > 0 ||
          !row ||
          row.version !== news.version ||
          row.fingerprint !== news.fingerprint ||
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

async function writeRow(props: SchemaVersionProps): Promise<void> {
  await withClient(props.connection, (client) => writeVersionRow(client, props, props));
}

function readRow(props: SchemaVersionProps): Promise<VersionRow | undefined> {
  return withClient(props.connection, (client) => readVersionRow(client, props));
}
