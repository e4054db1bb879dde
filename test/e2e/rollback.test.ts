// Issue 8 end to end: automatic rollback of a failed `up`, `schemastack rollback` with data restored
// from the pre-migration dump, rollback across two versions, and refusal on a corrupt dump, with the
// real pulumi CLI, real Postgres and the real S3 server, over a file:// and an s3:// state backend.
import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, testEnv, TestDatabase } from "../support/env";
import { openStack } from "../support/pulumi";
import { columnTypes, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");
const cli = path.join(__dirname, "..", "..", "cli", "bin", "schemastack");

const accounts = {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    email: { type: "text", nullable: false },
    balance: { type: "integer", nullable: false, default: "0" },
    legacy_code: { type: "text", nullable: false, default: "'none'" },
  },
};
const audit = {
  columns: {
    id: { type: "bigint", primaryKey: true },
    account_id: { type: "bigint", nullable: false },
    note: { type: "text" },
  },
};
const v1 = { version: "1.0.0", tables: { accounts, audit } };

/** v1 without accounts.legacy_code (a destructive change). */
function withoutLegacy(version: string) {
  const spec = structuredClone(v1) as {
    version: string;
    allowDataLoss?: boolean;
    tables: Record<string, unknown>;
  };
  spec.version = version;
  spec.allowDataLoss = true;
  delete (spec.tables.accounts as { columns: Record<string, unknown> }).columns.legacy_code;
  return spec;
}

/** An entry of `schemastack history --json`: an update or a rollback. */
interface HistoryEntry {
  kind: string;
  version?: number;
  result?: string;
  rolledBackBy?: number | null;
  n?: number;
  automatic?: boolean;
  after?: number;
  target?: number;
  undone?: number[];
  databases?: Array<{
    schemaVersion: string;
    backup?: string | null;
    restored?: Array<{ what: string; rows: number; backup: string | null }>;
    backups?: string[];
  }>;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function rows(url: string): Promise<unknown> {
  return {
    accounts: await query(url, "select * from accounts order by id"),
    audit: await query(url, "select * from audit order by id"),
  };
}

async function versionRow(url: string): Promise<{ version: string; fingerprint: string }> {
  const r = await query<{ version: string; fingerprint: string }>(
    url,
    "select version, fingerprint from schemastack.schema_version order by id desc limit 1",
  );
  return r[0];
}

async function assertPreviewClean(stack: Stack): Promise<void> {
  const preview = await stack.preview();
  assert.deepStrictEqual(Object.keys(preview.changeSummary), ["same"], JSON.stringify(preview.changeSummary));
}

function s3Client(s3: {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

async function emptyBucket(client: S3Client, bucket: string, prefix?: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
}

for (const backend of ["file", "s3"] as const) {
  describe(`rollback through stack history (${backend} state backend)`, function () {
    this.timeout(900_000);
    let db: TestDatabase;
    let stack: Stack;
    let env: Record<string, string>;
    let workDir: string;
    let s3: S3Client;
    let stateBucket: string | undefined;
    let snapshotV1: unknown;
    const stackName = `rollback-${backend}-${process.pid}`;
    const dumpBucket = () => env.SCHEMASTACK_S3_BUCKET;

    const setSpec = (spec: unknown) =>
      stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
    const schemastack = (...args: string[]) =>
      runCli([...args, "--stack", stackName, "--cwd", workDir], env, workDir);

    before(async () => {
      const local = await testEnv();
      s3 = s3Client(local.s3);
      const extra: Record<string, string> = {};
      if (backend === "s3") {
        stateBucket = `pulumi-state-${process.pid}-${Date.now().toString(36)}`;
        await s3.send(new CreateBucketCommand({ Bucket: stateBucket }));
        const endpoint = new URL(local.s3.endpoint).host;
        extra.PULUMI_BACKEND_URL = `s3://${stateBucket}?endpoint=${endpoint}&s3ForcePathStyle=true&disableSSL=true&region=${local.s3.region}`;
      }
      db = await createTestDatabase(`rollback_${backend}`);
      ({ stack, env, workDir } = await openStack(program, stackName, extra));
      await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
      await stack.setConfig("schemastack:autoRollback", { value: "true" });
      await setSpec(v1);
      const up = await stack.up(); // stack version 1
      assert.strictEqual(up.summary.result, "succeeded");
      await query(
        db.url,
        "insert into accounts (email, balance, legacy_code) values ('a@x', 10, 'L-A'), ('b@x', -5, 'L-B'), ('c@x', 7, 'L-C')",
      );
      await query(db.url, "insert into audit values (1, 1, 'opened'), (2, 2, 'overdrawn')");
      snapshotV1 = await rows(db.url);
    });

    after(async () => {
      await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      await db?.drop();
      if (s3) {
        await emptyBucket(s3, dumpBucket(), `e2e/${stackName}/`).catch(() => undefined);
        if (stateBucket) {
          await emptyBucket(s3, stateBucket).catch(() => undefined);
          await s3.send(new DeleteBucketCommand({ Bucket: stateBucket })).catch(() => undefined);
        }
        s3.destroy();
      }
    });

    it("an up that fails part-way (a check existing rows violate) is rolled back automatically", async () => {
      // Version 2: drops legacy_code (allowed), adds a column and an index, and a check constraint
      // that the row with balance -5 violates.
      const v2 = withoutLegacy("2.0.0") as ReturnType<typeof withoutLegacy> & {
        tables: Record<
          string,
          { columns: Record<string, unknown>; indexes?: unknown; constraints?: unknown }
        >;
      };
      v2.tables.accounts.columns.nickname = { type: "text" };
      v2.tables.accounts.indexes = { accounts_email_idx: { columns: ["email"] } };
      v2.tables.accounts.constraints = {
        accounts_balance_check: { type: "check", expression: "balance >= 0" },
      };
      await setSpec(v2);
      const r = await schemastack("up");
      assert.strictEqual(r.code, 5, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /pulumi up failed/);
      assert.match(r.stderr, /accounts_balance_check|check constraint/);
      assert.match(r.stderr, /rolled back to stack version 1/);
      assert.deepStrictEqual(await columnTypes(db.url, "accounts"), {
        id: "bigint",
        email: "text",
        balance: "integer",
        legacy_code: "text",
      });
      assert.deepStrictEqual(await rows(db.url), snapshotV1);
      assert.strictEqual((await versionRow(db.url)).version, "1.0.0");
      // History tells it: the automatic rollback is the newest entry, and the failed update says it was undone.
      const history = await schemastack("history", "--json");
      assert.strictEqual(history.code, 0, history.stderr);
      const entries = JSON.parse(history.stdout) as HistoryEntry[];
      const last = entries[entries.length - 1];
      assert.strictEqual(last.kind, "rollback", JSON.stringify(last));
      assert.deepStrictEqual(
        [last.n, last.automatic, last.after, last.target, last.undone],
        [1, true, 2, 1, [2]],
      );
      assert.strictEqual(last.databases?.[0].schemaVersion, "1.0.0");
      assert.strictEqual(entries.find((e) => e.version === 2)?.rolledBackBy, 1);
      const text = await schemastack("history");
      assert.match(
        text.stdout,
        /^automatic rollback #1 {2}\S+ {2}undid version 2, back to version 1\n {2}app: schema 1\.0\.0\n/,
      );
      assert.match(text.stdout, /version 2 {2}update failed {2}\S+ {2}\(rolled back by #1\)/);
      await setSpec(v1); // the program goes back to version 1 too
      await assertPreviewClean(stack);
    });

    it("rollback after an up that dropped a column brings the column back with its values", async () => {
      await setSpec(withoutLegacy("3.0.0"));
      assert.strictEqual((await stack.up()).summary.result, "succeeded"); // stack version 3
      assert.ok(!("legacy_code" in (await columnTypes(db.url, "accounts"))));
      const dry = await schemastack("rollback");
      assert.strictEqual(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /legacy_code/);
      assert.match(dry.stdout, /re-run with --yes/);
      const r = await schemastack("rollback", "--yes");
      assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /restored public\.accounts\.legacy_code in 3 row/);
      assert.deepStrictEqual(await rows(db.url), snapshotV1);
      // History: a (manual) rollback entry with the data it restored and the dump it came from.
      const entries = JSON.parse((await schemastack("history", "--json")).stdout) as HistoryEntry[];
      const last = entries[entries.length - 1];
      assert.strictEqual(last.kind, "rollback", JSON.stringify(last));
      assert.deepStrictEqual([last.n, last.automatic, last.target, last.undone], [2, false, 1, [3]]);
      const restored = last.databases?.[0].restored ?? [];
      assert.deepStrictEqual(
        restored.map((x) => [x.what, x.rows]),
        [["public.accounts.legacy_code", 3]],
      );
      const dumpOf3 = entries.find((e) => e.version === 3)?.databases?.[0].backup;
      assert.ok(
        dumpOf3 && restored[0].backup === dumpOf3,
        `${restored[0].backup} is the dump of update 3 (${dumpOf3})`,
      );
      assert.ok(last.databases?.[0].backups?.includes(dumpOf3));
      const text = (await schemastack("history")).stdout;
      assert.match(text, /^rollback #2 {2}\S+ {2}undid version 3, back to version 1\n/);
      assert.match(text, /restored public\.accounts\.legacy_code: 3 row\(s\) from s3:\/\//);
      assert.strictEqual((await versionRow(db.url)).version, "1.0.0");
      await setSpec(v1);
      await assertPreviewClean(stack);
    });

    it("rollback --to across two versions restores a dropped column and a dropped table", async () => {
      await setSpec(withoutLegacy("4.0.0"));
      assert.strictEqual((await stack.up()).summary.result, "succeeded"); // 4
      await query(db.url, "insert into accounts (email, balance) values ('d@x', 1)");
      const v5 = withoutLegacy("5.0.0") as { tables: Record<string, unknown> };
      delete v5.tables.audit;
      await setSpec(v5);
      assert.strictEqual((await stack.up()).summary.result, "succeeded"); // 5
      assert.deepStrictEqual(await query(db.url, "select to_regclass('public.audit') as t"), [{ t: null }]);
      const history = await schemastack("history", "--json");
      assert.strictEqual(history.code, 0, history.stderr);
      const versions = (JSON.parse(history.stdout) as HistoryEntry[]).filter((e) => e.kind === "update");
      assert.deepStrictEqual(
        versions.map((v) => [v.version, v.result, v.databases?.[0]?.schemaVersion]),
        [
          [1, "succeeded", "1.0.0"],
          [2, "failed", "1.0.0"],
          [3, "succeeded", "3.0.0"],
          [4, "succeeded", "4.0.0"],
          [5, "succeeded", "5.0.0"],
        ],
      );
      assert.match(versions[4].databases?.[0].backup ?? "", /^s3:\/\//);
      // backups list names the update that took each dump (read from the same stack history).
      const listed = await runCli(
        [
          "backups",
          "list",
          "--stack",
          stackName,
          "--bucket",
          dumpBucket(),
          "--prefix",
          "e2e/",
          "--endpoint",
          env.SCHEMASTACK_S3_ENDPOINT,
          "--cwd",
          workDir,
          "--json",
        ],
        env,
        workDir,
      );
      assert.strictEqual(listed.code, 0, listed.stderr);
      const dumps = (
        JSON.parse(listed.stdout) as {
          backups: Array<{ uri: string; update: string | null; verified: boolean }>;
        }
      ).backups;
      const dump5 = dumps.find((d) => d.uri === versions[4].databases?.[0].backup);
      assert.deepStrictEqual([dump5?.update, dump5?.verified], ["version 5 (update succeeded)", true]);
      const r = await schemastack("rollback", "--to", "1", "--yes");
      assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /restored 2 row\(s\) of public\.audit/);
      const restored = (await rows(db.url)) as { accounts: Array<Record<string, unknown>>; audit: unknown };
      assert.deepStrictEqual(restored.audit, (snapshotV1 as { audit: unknown }).audit);
      // The row added after the drop stays, with the column default.
      assert.deepStrictEqual(
        restored.accounts.map((a) => [a.email, a.legacy_code]),
        [
          ["a@x", "L-A"],
          ["b@x", "L-B"],
          ["c@x", "L-C"],
          ["d@x", "none"],
        ],
      );
      assert.strictEqual((await versionRow(db.url)).version, "1.0.0");
    });

    it("a rollback whose dump fails verification stops before changing anything, and says so", async () => {
      await query(db.url, "update accounts set legacy_code = 'L-D' where email = 'd@x'");
      await setSpec(v1);
      await assertPreviewClean(stack);
      await setSpec(withoutLegacy("6.0.0"));
      assert.strictEqual((await stack.up()).summary.result, "succeeded"); // 6
      const history = (JSON.parse((await schemastack("history", "--json")).stdout) as HistoryEntry[]).filter(
        (e) => e.kind === "update",
      );
      const dump = history[history.length - 1].databases![0].backup!;
      const key = dump.replace(`s3://${dumpBucket()}/`, "");
      await s3.send(new PutObjectCommand({ Bucket: dumpBucket(), Key: key, Body: "not a dump" }));
      const before = await columnTypes(db.url, "accounts");
      const stateBefore = JSON.stringify((await stack.exportStack()).deployment.resources);
      const r = await schemastack("rollback", "--yes");
      assert.strictEqual(r.code, 4, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /stopped before changing anything/);
      assert.match(r.stderr, /failed verification/);
      assert.deepStrictEqual(await columnTypes(db.url, "accounts"), before);
      assert.strictEqual((await versionRow(db.url)).version, "6.0.0");
      assert.strictEqual(JSON.stringify((await stack.exportStack()).deployment.resources), stateBefore);
      // A missing dump is refused the same way.
      await s3.send(new DeleteObjectsCommand({ Bucket: dumpBucket(), Delete: { Objects: [{ Key: key }] } }));
      const missing = await schemastack("rollback", "--yes");
      assert.strictEqual(missing.code, 4, `${missing.stdout}\n${missing.stderr}`);
      assert.match(missing.stderr, /stopped before changing anything/);
      assert.deepStrictEqual(await columnTypes(db.url, "accounts"), before);
    });
  });
}

/** A new database and a spec-program stack whose first update applied `spec`, then `seed` run on it. */
async function stackAtFirstVersion(
  prefix: string,
  stackName: string,
  spec: unknown,
  seed: string,
): Promise<{ db: TestDatabase; stack: Stack; env: Record<string, string>; workDir: string }> {
  const db = await createTestDatabase(prefix);
  const { stack, env, workDir } = await openStack(program, stackName);
  await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
  await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
  assert.strictEqual((await stack.up()).summary.result, "succeeded"); // stack version 1
  await query(db.url, seed);
  return { db, stack, env, workDir };
}

// Issue 18's one-off migrations undone by `schemastack rollback`: one without `down` (its columns
// come back from the pre-migration dump) and one with a declared `down` (run by the rollback).
describe("rollback of one-off migrations through stack history", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let stack: Stack;
  let env: Record<string, string>;
  let workDir: string;
  const stackName = `rollback-migration-${process.pid}`;
  const people = {
    columns: {
      id: { type: "integer", primaryKey: true },
      name: { type: "text", nullable: false },
      note: { type: "text" },
    },
  };
  const labels = { columns: { id: { type: "integer", primaryKey: true }, label: { type: "text" } } };
  const v1 = { version: "1.0.0", tables: { people, labels } };
  const v2 = {
    version: "2.0.0",
    tables: { people, labels },
    migrations: {
      "2026-12-upper-names": { sql: "UPDATE people SET name = upper(name)", after: { table: "people" } },
      "2026-12-mark-labels": {
        sql: "UPDATE labels SET label = label || '!'",
        down: "UPDATE labels SET label = rtrim(label, '!')",
        after: { table: "labels" },
      },
    },
  };
  const original = {
    people: [
      { id: 1, name: "ada", note: "first" },
      { id: 2, name: "Grace", note: "second" },
    ],
    labels: [{ id: 1, label: "red" }],
  };
  const migrated = {
    people: [
      { id: 1, name: "ADA", note: "first" },
      { id: 2, name: "GRACE", note: "second" },
    ],
    labels: [{ id: 1, label: "red!" }],
  };
  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
  const contents = async () => ({
    people: await query(db.url, "select id, name, note from people order by id"),
    labels: await query(db.url, "select id, label from labels order by id"),
  });
  const migrationsRun = async () =>
    (await query<{ name: string }>(db.url, "select name from schemastack.data_migration order by name")).map(
      (r) => r.name,
    );

  before(async () => {
    ({ db, stack, env, workDir } = await stackAtFirstVersion(
      "rollback_migration",
      stackName,
      v1,
      "insert into people values (1, 'ada', 'first'), (2, 'Grace', 'second'); insert into labels values (1, 'red')",
    ));
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("rollback undoes a one-off migration from the dump and another by its down, and forgets both", async () => {
    await setSpec(v2);
    assert.strictEqual((await stack.up()).summary.result, "succeeded"); // stack version 2
    assert.deepStrictEqual(await contents(), migrated);
    assert.deepStrictEqual(await migrationsRun(), ["2026-12-mark-labels", "2026-12-upper-names"]);

    const r = await runCli(["rollback", "--yes", "--stack", stackName, "--cwd", workDir], env, workDir);
    assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.deepStrictEqual(await contents(), original);
    assert.deepStrictEqual(await migrationsRun(), [], "the migrations' records are gone");
    assert.strictEqual((await versionRow(db.url)).version, "1.0.0");
    await setSpec(v1);
    await assertPreviewClean(stack);

    // Forgotten, so the next up of version 2 runs them again.
    await setSpec(v2);
    assert.strictEqual((await stack.up()).summary.result, "succeeded");
    assert.deepStrictEqual(await contents(), migrated);
    assert.deepStrictEqual(await migrationsRun(), ["2026-12-mark-labels", "2026-12-upper-names"]);
  });
});

// Issue 15: a rollback past an up that dropped a serial column and a standalone sequence brings the
// column's values and both sequences' positions back, so the next insert repeats no id.
describe("rollback of dropped sequences through stack history", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let stack: Stack;
  let env: Record<string, string>;
  let workDir: string;
  const stackName = `rollback-sequences-${process.pid}`;
  const orders = (withLine: boolean) => ({
    columns: {
      id: { type: "bigserial", primaryKey: true },
      ...(withLine ? { line: { type: "serial", unique: true } } : {}),
      note: { type: "text" },
    },
  });
  const v1 = { version: "1.0.0", tables: { orders: orders(true) }, sequences: { invoice_numbers: {} } };
  const v2 = { version: "2.0.0", allowDataLoss: true, tables: { orders: orders(false) } };
  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });

  before(async () => {
    ({ db, stack, env, workDir } = await stackAtFirstVersion(
      "rollback_sequences",
      stackName,
      v1,
      `insert into orders (note) select 'old ' || g from generate_series(1, 3) g;
       select nextval('invoice_numbers') from generate_series(1, 5);`,
    ));
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("brings back a dropped serial column's values and the positions of its sequence and a standalone one", async () => {
    await setSpec(v2);
    assert.strictEqual((await stack.up()).summary.result, "succeeded"); // stack version 2
    await query(db.url, "insert into orders (note) values ('new 4'), ('new 5')");

    const r = await runCli(["rollback", "--yes", "--stack", stackName, "--cwd", workDir], env, workDir);
    assert.strictEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /restored the position of sequence public\.invoice_numbers/);
    const lines = await query<{ id: string; line: number | null }>(
      db.url,
      "select id::text, line from orders where id <= 3 order by id",
    );
    assert.deepStrictEqual(
      lines.map((x) => x.line),
      [1, 2, 3],
      "the dropped column's values came back",
    );
    const next = await query<{ n: string }>(db.url, "select nextval('invoice_numbers')::text as n");
    assert.strictEqual(next[0]!.n, "6", "the standalone sequence started over");
    // The unique line and the key take the next insert without a collision.
    const inserted = await query<{ id: string; line: number }>(
      db.url,
      "insert into orders (note) values ('after') returning id::text, line",
    );
    const taken = await query<{ line: number }>(db.url, "select line from orders where note <> 'after'");
    assert.ok(!taken.some((x) => x.line === inserted[0]!.line), JSON.stringify({ inserted, taken }));
    assert.strictEqual(inserted[0]!.id, "6");
    await setSpec(v1);
    await assertPreviewClean(stack);
  });
});
