// Issue 6 end to end: the pre-migration dump is taken (and verified) before any DDL of an update,
// and a failed or impossible backup stops the update before any DDL.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { BackupManifest, listBackups, restoreIntoScratchDatabase } from "../../core/backup";
import { createTestDatabase, TestDatabase, testEnv } from "../support/env";
import { openStack } from "../support/pulumi";
import { columnTypes, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const v1 = {
  version: "1.0.0",
  tables: {
    events: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        payload: { type: "text", nullable: false },
      },
    },
  },
};

function v2(): typeof v1 {
  const spec = structuredClone(v1);
  (spec.tables.events.columns as Record<string, unknown>).kind = { type: "text" };
  spec.version = "2.0.0";
  return spec;
}

async function s3Target(prefix: string) {
  const env = await testEnv();
  return {
    kind: "s3" as const,
    bucket: env.s3.bucket,
    endpoint: env.s3.endpoint,
    prefix,
    credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
  };
}

async function backupsOf(prefix: string, stack: string) {
  return listBackups(await s3Target(prefix), stack);
}

/** A `pg_dump` on PATH that starts the real one and SIGKILLs it once it has streamed for a moment. */
function killingPgDump(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgdump-killer-"));
  const real = execFileSync("bash", ["-c", "command -v pg_dump"], { encoding: "utf8" }).trim();
  fs.writeFileSync(
    path.join(dir, "pg_dump"),
    `#!/usr/bin/env bash
case " $* " in *" --version "*|*" -V "*) exec ${real} "$@";; esac
${real} "$@" &
child=$!
sleep 0.3
kill -9 $child
wait $child
exit $?
`,
    { mode: 0o755 },
  );
  return dir;
}

describe("pre-migration backups through pulumi up", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;
  let env: Record<string, string>;
  const prefix = `e2e-backup-${process.pid}/`;

  const open = async (name: string, extraEnv: Record<string, string> = {}) => {
    const opened = await openStack(program, name, extraEnv);
    await opened.stack.setAllConfig({
      "schemastack-test:databaseUrl": { value: db.url, secret: true },
      "schemastack-test:backupPrefix": { value: prefix },
    });
    return opened;
  };

  before(async () => {
    db = await createTestDatabase("backups");
    ({ stack, env } = await open("backups"));
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(v1) });
    assert.strictEqual((await stack.up()).summary.result, "succeeded");
    // Enough rows that a dump takes a moment to stream.
    await query(
      db.url,
      "insert into events select g, repeat(md5(g::text), 20) from generate_series(1, 200000) g",
    );
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("a schema change leaves a verified dump + manifest in the bucket, taken before the first DDL", async () => {
    const before = (await backupsOf(prefix, stack.name)).backups.length;
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(v2()) });
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const listing = await backupsOf(prefix, stack.name);
    assert.strictEqual(listing.backups.length, before + 1);
    assert.deepStrictEqual(listing.unverified, []);
    const newest: BackupManifest = listing.backups[0];
    assert.match(newest.sha256, /^[0-9a-f]{64}$/);
    assert.strictEqual(newest.database, db.name);
    // Order, proven by content: the dump has the rows but not the column this update added.
    const scratch = await restoreIntoScratchDatabase({
      from: newest.uri,
      serverUrl: (await testEnv()).adminUrl,
      s3: { endpoint: (await s3Target(prefix)).endpoint, credentials: (await s3Target(prefix)).credentials },
    });
    try {
      assert.deepStrictEqual(Object.keys(await columnTypes(scratch.url, "events")), ["id", "payload"]);
      assert.strictEqual(
        (await query<{ n: number }>(scratch.url, "select count(*)::int as n from events"))[0]?.n,
        200000,
      );
    } finally {
      await scratch.drop();
    }
    // ... and by time: the version row of this update was written after the dump was verified.
    const row = await query<{ applied_at: Date }>(
      db.url,
      "select applied_at from schemastack.schema_version order by id desc limit 1",
    );
    assert.ok(new Date(newest.verifiedAt) < row[0]!.applied_at);
  });

  it("pg_dump killed mid-stream: the update fails, no object or manifest remains, no DDL ran", async () => {
    const killer = killingPgDump();
    const { stack: killed } = await open("backups", { PATH: `${killer}:${env.PATH}` });
    const before = await backupsOf(prefix, stack.name);
    assert.ok(before.backups.length > 0, "expected the earlier updates' backups under the test prefix");
    const v3 = v2();
    (v3.tables.events.columns as Record<string, unknown>).source = { type: "text" };
    await killed.setConfig("schemastack-test:spec", { value: JSON.stringify(v3) });
    await assert.rejects(killed.up(), /pg_dump/);
    const after = await backupsOf(prefix, stack.name);
    assert.strictEqual(after.backups.length, before.backups.length);
    assert.deepStrictEqual(after.unverified, []);
    assert.strictEqual(
      (await columnTypes(db.url, "events")).source,
      undefined,
      "DDL ran after a failed backup",
    );
  });

  it("wrong S3 credentials: the update fails before any DDL, naming the bucket and the cause", async () => {
    const { stack: denied } = await open("backups", { AWS_SECRET_ACCESS_KEY: "wrong-secret-for-test" });
    const v3 = v2();
    (v3.tables.events.columns as Record<string, unknown>).origin = { type: "text" };
    await denied.setConfig("schemastack-test:spec", { value: JSON.stringify(v3) });
    await assert.rejects(denied.up(), (error: Error) => {
      assert.match(error.message, /schema-dumps/);
      assert.match(error.message, /credential|signature|access denied|forbidden/i);
      assert.ok(!error.message.includes("wrong-secret-for-test"), "the secret leaked into the error");
      return true;
    });
    assert.strictEqual(
      (await columnTypes(db.url, "events")).origin,
      undefined,
      "DDL ran after a failed backup",
    );
  });
});
