// Shared fixtures of the backup integration tests: seeded databases, per-table checksums, and
// direct S3 access to look at what really landed in the bucket.
import {
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { randomBytes } from "crypto";
import { Client, escapeIdentifier } from "pg";
import { testEnv } from "../../support/env";
import { S3TargetOptions } from "../../../core/backup";

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A few related tables with varied types, a sequence, an index, a foreign key and a view. */
export async function seedSmallSchema(url: string, rows = 2000): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`
      create table customers (id bigint generated always as identity primary key, email text not null unique,
        created_at timestamptz not null default now(), score numeric(10,2), tags text[], profile jsonb);
      create table orders (id serial primary key, customer_id bigint not null references customers(id),
        total numeric(12,2) not null, note text, placed date not null);
      create index orders_customer_idx on orders (customer_id);
      create schema audit;
      create table audit."Events" (id bigint primary key, payload bytea, "Kind" text);
      create view big_orders as select * from orders where total > 100;
    `);
    await c.query(
      `insert into customers (email, score, tags, profile)
       select 'user' || g || '@example.com', (g % 1000) / 3.0, array['t' || (g % 7), 'x'], jsonb_build_object('n', g, 's', md5(g::text))
       from generate_series(1, $1::int) g`,
      [rows],
    );
    await c.query(
      `insert into orders (customer_id, total, note, placed)
       select 1 + (g % $1::int), (g * 7 % 100000) / 100.0, case when g % 3 = 0 then null else 'note ' || g end, date '2026-01-01' + (g % 300)
       from generate_series(1, $1::int * 3) g`,
      [rows],
    );
    await c.query(
      `insert into audit."Events" select g, decode(md5(g::text), 'hex'), 'k' || (g % 5) from generate_series(1, 500) g`,
    );
  });
}

/** A table of roughly `megabytes` MB of poorly compressible text, for dumps that take a while. */
export async function seedBigTable(url: string, megabytes: number): Promise<void> {
  const rows = Math.ceil((megabytes * 1024 * 1024) / 140);
  await withClient(url, (c) =>
    c.query(
      `create table big as select g as id, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) as filler
       from generate_series(1, $1::int) g`,
      [rows],
    ),
  );
}

export interface TableSummary {
  rows: number;
  checksum: string;
}

/** Row count and an order-independent checksum of every user table: "schema.table" -> summary. */
export async function tableChecksums(url: string): Promise<Record<string, TableSummary>> {
  return withClient(url, async (c) => {
    const tables = await c.query<{ schemaname: string; tablename: string }>(
      `select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
    );
    const out: Record<string, TableSummary> = {};
    for (const t of tables.rows) {
      const name = `${escapeIdentifier(t.schemaname)}.${escapeIdentifier(t.tablename)}`;
      const r = await c.query<{ n: string; sum: string | null }>(
        `select count(*) as n, md5(coalesce(string_agg(md5(x::text), '' order by md5(x::text)), '')) as sum from ${name} x`,
      );
      out[`${t.schemaname}.${t.tablename}`] = { rows: Number(r.rows[0].n), checksum: r.rows[0].sum ?? "" };
    }
    return out;
  });
}

export async function s3TargetOptions(overrides: Partial<S3TargetOptions> = {}): Promise<S3TargetOptions> {
  const env = await testEnv();
  return {
    bucket: env.s3.bucket,
    endpoint: env.s3.endpoint,
    region: env.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
    prefix: "it-backup",
    ...overrides,
  };
}

export async function rawS3(): Promise<{ client: S3Client; bucket: string }> {
  const env = await testEnv();
  const client = new S3Client({
    endpoint: env.s3.endpoint,
    region: env.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
  });
  return { client, bucket: env.s3.bucket };
}

/** Every object key and open multipart upload under a prefix, straight from the server. */
export async function whatIsStored(prefix: string): Promise<{ objects: string[]; uploads: string[] }> {
  const { client, bucket } = await rawS3();
  try {
    const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    return {
      objects: (objects.Contents ?? []).map((o) => o.Key ?? ""),
      uploads: (uploads.Uploads ?? []).map((u) => u.Key ?? ""),
    };
  } finally {
    client.destroy();
  }
}

/** Removes every object under a prefix (tests clean up what they stored). */
export async function deleteUnder(prefix: string): Promise<void> {
  const { client, bucket } = await rawS3();
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    for (const o of listed.Contents ?? [])
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
  } finally {
    client.destroy();
  }
}

export function uniqueStack(label: string): string {
  return `${label}-${process.pid}-${randomBytes(3).toString("hex")}`;
}
