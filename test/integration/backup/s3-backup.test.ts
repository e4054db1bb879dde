import { GetObjectCommand } from "@aws-sdk/client-s3";
import { strict as assert } from "assert";
import { createHash } from "crypto";
import { Readable } from "stream";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import {
  BackupManifest,
  restoreBackup,
  restoreIntoScratchDatabase,
  S3Target,
  takeVerifiedBackup,
} from "../../../core/backup";
import {
  deleteUnder,
  rawS3,
  s3TargetOptions,
  seedSmallSchema,
  tableChecksums,
  uniqueStack,
  whatIsStored,
  withClient,
} from "./helpers";

describe("backup to S3 (versitygw)", function () {
  let source: TestDatabase;
  let manifest: BackupManifest;
  const stack = uniqueStack("s3");
  const cleanup: TestDatabase[] = [];

  before(async function () {
    source = await createTestDatabase("bk_s3_src");
    await seedSmallSchema(source.url);
    manifest = await takeVerifiedBackup({
      databaseUrl: source.url,
      target: { kind: "s3", ...(await s3TargetOptions()) },
      stack,
      schemaFingerprint: "fp0123456789abcdef",
      progress: false,
    });
  });

  after(async function () {
    await Promise.all([source, ...cleanup].map((d) => d?.drop()));
    await deleteUnder(`it-backup/${stack}/`);
  });

  it("leaves a verified dump and its manifest in the bucket", async function () {
    const env = await testEnv();
    assert.equal(manifest.bucket, env.s3.bucket);
    assert.match(
      manifest.key,
      new RegExp(`^it-backup/${stack}/.*-fp0123456789-[0-9a-f]{6}_\\d+_[0-9a-z]+-[0-9a-f]{8}\\.dump$`),
    );
    assert.equal(manifest.uri, `s3://${env.s3.bucket}/${manifest.key}`);
    assert.equal(manifest.stack, stack);
    assert.equal(manifest.database, source.name);
    assert.equal(manifest.schemaFingerprint, "fp0123456789abcdef");
    assert.equal(manifest.format, "pg_dump-custom");
    assert.match(manifest.pgDumpVersion, /^15\./);
    assert.match(manifest.serverVersion, /^15\./);
    const stored = await whatIsStored(`it-backup/${stack}/`);
    assert.deepEqual(stored.objects.sort(), [manifest.key, manifest.manifestKey].sort());
    assert.deepEqual(stored.uploads, []);

    // The object's bytes are what the manifest says, and a pg_dump custom archive.
    const { client, bucket } = await rawS3();
    try {
      const dump = Buffer.from(
        await (
          await client.send(new GetObjectCommand({ Bucket: bucket, Key: manifest.key }))
        ).Body!.transformToByteArray(),
      );
      assert.equal(dump.length, manifest.sizeBytes);
      assert.equal(createHash("sha256").update(dump).digest("hex"), manifest.sha256);
      assert.equal(dump.subarray(0, 5).toString("latin1"), "PGDMP");
      const stored = JSON.parse(
        await (
          await client.send(new GetObjectCommand({ Bucket: bucket, Key: manifest.manifestKey }))
        ).Body!.transformToString(),
      ) as BackupManifest;
      assert.deepEqual(stored, manifest);
      assert.ok(!JSON.stringify(stored).includes("postgres://"), "manifest must not hold the database URL");
    } finally {
      client.destroy();
    }
  });

  it("restores into a fresh database with identical row counts and per-table checksums", async function () {
    const fresh = await createTestDatabase("bk_s3_fresh");
    cleanup.push(fresh);
    await restoreBackup({
      from: manifest.uri,
      databaseUrl: fresh.url,
      s3: await s3TargetOptions(),
      progress: false,
    });
    const [expected, actual] = await Promise.all([tableChecksums(source.url), tableChecksums(fresh.url)]);
    assert.equal(Object.keys(expected).length, 3);
    assert.ok(expected["public.customers"].rows === 2000 && expected["public.orders"].rows === 6000);
    assert.deepEqual(actual, expected);
    // Identity continues where it was, the view and the foreign key came back.
    await withClient(fresh.url, async (c) => {
      const next = await c.query<{ id: string }>(
        `insert into customers (email) values ('new@example.com') returning id`,
      );
      assert.equal(next.rows[0].id, "2001");
      const view = await c.query<{ n: string }>(`select count(*) as n from big_orders`);
      assert.ok(Number(view.rows[0].n) > 0);
      await assert.rejects(
        c.query(`insert into orders (customer_id, total, placed) values (999999, 1, now())`),
        /foreign key/,
      );
    });
  });

  it("restores over an existing database with --clean semantics, twice in a row", async function () {
    const target = await createTestDatabase("bk_s3_over");
    cleanup.push(target);
    await seedSmallSchema(target.url, 10); // same tables, other content
    await withClient(target.url, (c) =>
      c.query(`create table unrelated (x int); insert into unrelated values (1)`),
    );
    for (let i = 0; i < 2; i++) {
      await restoreBackup({
        from: manifest.uri,
        databaseUrl: target.url,
        s3: await s3TargetOptions(),
        progress: false,
      });
    }
    const actual = await tableChecksums(target.url);
    const expected = await tableChecksums(source.url);
    assert.deepEqual(
      { ...actual, "public.unrelated": undefined },
      { ...expected, "public.unrelated": undefined },
    );
    assert.equal(actual["public.unrelated"].rows, 1, "objects not in the dump are left alone");
  });

  it("restores only the chosen tables", async function () {
    const target = await createTestDatabase("bk_s3_tables");
    cleanup.push(target);
    await restoreBackup({
      from: manifest.uri,
      databaseUrl: target.url,
      tables: ["customers"],
      s3: await s3TargetOptions(),
      progress: false,
    });
    const actual = await tableChecksums(target.url);
    assert.deepEqual(Object.keys(actual), ["public.customers"]);
    assert.deepEqual(actual["public.customers"], (await tableChecksums(source.url))["public.customers"]);
  });

  it("refuses a table the backup does not have, saying which tables it has, before restoring anything", async function () {
    const target = await createTestDatabase("bk_s3_notable");
    cleanup.push(target);
    await assert.rejects(
      restoreBackup({
        from: manifest.uri,
        databaseUrl: target.url,
        tables: ["customers", "custmers"],
        s3: await s3TargetOptions(),
        progress: false,
      }),
      (e: Error) => {
        assert.match(
          e.message,
          /has no table "custmers" \(tables in it: audit\.Events, public\.customers, public\.orders\)/,
        );
        return true;
      },
    );
    assert.deepEqual(await tableChecksums(target.url), {});
  });

  it("restores into a scratch database a caller can copy data out of, and drops it", async function () {
    const env = await testEnv();
    const scratch = await restoreIntoScratchDatabase({
      from: manifest.uri,
      serverUrl: source.url,
      tables: ["orders"],
      s3: await s3TargetOptions(),
      progress: false,
    });
    try {
      assert.match(scratch.name, /^schemastack_restore_/);
      assert.equal(scratch.manifest.sha256, manifest.sha256);
      const orders = await tableChecksums(scratch.url);
      assert.deepEqual(orders, { "public.orders": (await tableChecksums(source.url))["public.orders"] });
    } finally {
      await scratch.drop();
    }
    const left = await withClient(env.adminUrl, (c) =>
      c.query(`select 1 from pg_database where datname = $1`, [scratch.name]),
    );
    assert.equal(left.rowCount, 0);
  });

  it("refuses to restore a dump whose bytes do not match its manifest, before touching the database", async function () {
    const target = await createTestDatabase("bk_s3_tamper");
    cleanup.push(target);
    const s3 = new S3Target(await s3TargetOptions({ prefix: "" }));
    const copyKey = `it-backup/${stack}/tampered.dump`;
    try {
      // Same size, one flipped byte near the end, and the original manifest beside it.
      const bytes = Buffer.from(await streamToBuffer((await s3.readStream(manifest.key)).stream));
      bytes[bytes.length - 10] ^= 0xff;
      await s3.writeStream(copyKey, bufferStream(bytes));
      await s3.writeText(`${copyKey}.manifest.json`, JSON.stringify({ ...manifest, key: copyKey }));
      await assert.rejects(
        restoreBackup({
          from: `s3://${manifest.bucket}/${copyKey}`,
          databaseUrl: target.url,
          s3: await s3TargetOptions(),
          progress: false,
        }),
        (e: Error) => /checksum|sha256/.test(e.message) && e.message.includes(copyKey),
      );
      assert.deepEqual(await tableChecksums(target.url), {});
    } finally {
      await s3.delete(copyKey);
      await s3.delete(`${copyKey}.manifest.json`);
      s3.close();
    }
  });

  it("refuses a dump without a manifest", async function () {
    const s3 = new S3Target(await s3TargetOptions({ prefix: "" }));
    const key = `it-backup/${stack}/orphan.dump`;
    try {
      await s3.writeStream(key, bufferStream(Buffer.from("PGDMP not really")));
      await assert.rejects(
        restoreBackup({
          from: `s3://${manifest.bucket}/${key}`,
          databaseUrl: source.url,
          s3: await s3TargetOptions(),
          progress: false,
        }),
        /has no manifest/,
      );
    } finally {
      await s3.delete(key);
      s3.close();
    }
  });
});

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

function bufferStream(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

describe("backup to S3: server-side encryption option", function () {
  it("asks for SSE (with the KMS key) on the dump's upload and on the manifest", async function () {
    const db = await createTestDatabase("bk_sse");
    const stack = uniqueStack("sse");
    const target = new S3Target(
      await s3TargetOptions({ serverSideEncryption: "aws:kms", kmsKeyId: "alias/schemastack" }),
    );
    const seen: { command: string; sse?: string; kms?: string }[] = [];
    target.client.middlewareStack.add(
      (next, context) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        seen.push({
          command: context.commandName ?? "",
          sse: headers["x-amz-server-side-encryption"],
          kms: headers["x-amz-server-side-encryption-aws-kms-key-id"],
        });
        return next(args);
      },
      { step: "finalizeRequest", name: "recordSse" },
    );
    try {
      await withClient(db.url, (c) => c.query("create table t as select generate_series(1, 10) as x"));
      await takeVerifiedBackup({ databaseUrl: db.url, target, stack, progress: false });
      const writes = seen.filter(
        (s) => s.command === "PutObjectCommand" || s.command === "CreateMultipartUploadCommand",
      );
      assert.ok(writes.length >= 2, JSON.stringify(seen));
      for (const w of writes) assert.deepEqual([w.sse, w.kms], ["aws:kms", "alias/schemastack"]);
    } finally {
      await deleteUnder(`it-backup/${stack}/`);
      target.close();
      await db.drop();
    }
  });
});
