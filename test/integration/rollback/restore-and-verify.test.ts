// The Pulumi-free rollback runner and verifySchemaVersion against real Postgres, with dumps in a
// local folder: a narrowing type change undone with the values restored, a table with an identity
// key restored, and the `verify` command's exit codes.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { takeVerifiedBackup, type BackupTargetConfig } from "../../../core/backup";
import { fromSpec, schemaFingerprint } from "../../../core/model";
import type { SchemaSpec } from "../../../core/model/declaration";
import type { SchemaModel } from "../../../core/model/model";
import { prepareRollback, runRollback, RollbackRefusedError } from "../../../core/rollback";
import { verifySchemaVersion, writeVersionRow, defaultVersionTable } from "../../../core/verify";
import { main } from "../../../cli/main";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { columnTypes, query } from "../../support/sql";

function model(version: string, tables: Record<string, unknown>): SchemaModel {
  return fromSpec({ version, schemas: { public: { tables } } } as unknown as SchemaSpec);
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe("rollback runner and version verification (real Postgres)", function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let folder: string;
  let target: BackupTargetConfig;

  before(async () => {
    db = await createTestDatabase("rollback_runner");
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-rollback-"));
    target = { kind: "folder", path: folder };
  });

  after(async () => {
    await db?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const v1 = model("1", {
    items: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        price: { type: "numeric(12,4)", nullable: false },
        label: { type: "text" },
      },
    },
    events: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        item_id: { type: "bigint", nullable: false },
      },
      constraints: {
        events_item_fkey: {
          type: "foreignKey",
          columns: ["item_id"],
          references: { table: "items", columns: ["id"] },
        },
      },
    },
  });
  // Version 2 rounds prices (narrowing, loses digits) and drops the events table.
  const v2 = model("2", {
    items: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        price: { type: "numeric(12,0)", nullable: false },
        label: { type: "text" },
      },
    },
  });

  it("undoes a narrowing type change and a dropped table, values and identity sequence included", async () => {
    await withClient(db.url, (c) => applySchema(c, v1));
    await query(db.url, "insert into items values (1, 9.9999, 'a'), (12345678901234, 0.5, 'big')");
    await query(db.url, "insert into events (item_id) values (1), (1), (12345678901234)");
    const before = await query(db.url, "select id::text, price::text, label from items order by id");
    const dump = await takeVerifiedBackup({ databaseUrl: db.url, target, stack: "runner", progress: false });
    await withClient(db.url, (c) => applySchema(c, v2, { allowDataLoss: true }));
    await withClient(db.url, (c) =>
      writeVersionRow(c, { version: "2", fingerprint: schemaFingerprint(v2), stack: "runner" }),
    );
    assert.deepStrictEqual(await query(db.url, "select price::text from items order by id"), [
      { price: "10" },
      { price: "1" },
    ]);

    const plan = await prepareRollback(db.url, v1, [
      { label: "2", desired: v2, succeeded: true, dump: { uri: dump.uri, key: dump.key, target } },
    ]);
    assert.deepStrictEqual(
      plan.restores.map((r) => `${r.kind}:${r.kind === "sequence" ? r.sequence : r.table}`),
      ["table:events", "column:items"],
    );
    await runRollback(plan, {
      databaseUrl: db.url,
      versionRow: {
        version: "1",
        fingerprint: schemaFingerprint(v1),
        stack: "runner",
        table: defaultVersionTable,
      },
    });
    assert.deepStrictEqual(
      await query(db.url, "select id::text, price::text, label from items order by id"),
      before,
    );
    assert.deepStrictEqual(await query(db.url, "select item_id::text from events order by id"), [
      { item_id: "1" },
      { item_id: "1" },
      { item_id: "12345678901234" },
    ]);
    assert.strictEqual((await columnTypes(db.url, "items")).price, "numeric(12,4)");
    // The identity sequence continues after the restored ids.
    assert.deepStrictEqual(
      await query(db.url, "insert into events (item_id) values (1) returning id::text"),
      [{ id: "4" }],
    );
    // No scratch database is left behind.
    const scratch = await query(
      db.url,
      "select datname from pg_database where datname like 'schemastack_rollback%'",
    );
    assert.deepStrictEqual(scratch, []);
  });

  it("refuses before any change when the dump is corrupt", async () => {
    await query(db.url, "delete from events where id = 4");
    const dump = await takeVerifiedBackup({ databaseUrl: db.url, target, stack: "runner", progress: false });
    await withClient(db.url, (c) => applySchema(c, v2, { allowDataLoss: true }));
    fs.writeFileSync(path.join(folder, dump.key), "garbage");
    const plan = await prepareRollback(db.url, v1, [
      { label: "3", desired: v2, succeeded: true, dump: { uri: dump.uri, key: dump.key, target } },
    ]);
    const tables = await columnTypes(db.url, "items");
    await assert.rejects(runRollback(plan, { databaseUrl: db.url }), (e: Error) => {
      assert.ok(e instanceof RollbackRefusedError);
      assert.match(e.message, /stopped before changing anything/);
      assert.match(e.message, /failed verification/);
      return true;
    });
    assert.deepStrictEqual(await columnTypes(db.url, "items"), tables);
    assert.deepStrictEqual(await query(db.url, "select to_regclass('public.events') as t"), [{ t: null }]);
  });

  it("verifySchemaVersion and `schemastack verify`: match, mismatch, missing row, unreachable", async () => {
    const pool = new Client({ connectionString: db.url });
    await pool.connect();
    try {
      const ok = await verifySchemaVersion(pool, "1");
      assert.strictEqual(ok.status, "match");
      const byFingerprint = await verifySchemaVersion(pool, schemaFingerprint(v1));
      assert.strictEqual(byFingerprint.matched, "fingerprint");
      const drift = await verifySchemaVersion(pool, "2");
      assert.strictEqual(drift.ok, false);
      assert.match(drift.message, /database is at version 1/);
      const missing = await verifySchemaVersion(pool, "1", { table: { schema: "nope", table: "nope" } });
      assert.strictEqual(missing.status, "missing");
    } finally {
      await pool.end();
    }
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    assert.strictEqual(await main(["verify", "--database-url", db.url, "--expect", "1"], io), 0);
    assert.strictEqual(await main(["verify", "--database-url", db.url, "--expect", "2"], io), 1);
    const unreachable = db.url.replace(/:\d+\//, ":1/");
    assert.strictEqual(
      await main(["verify", "--database-url", unreachable, "--expect", "1", "--timeout", "2000"], io),
      2,
    );
    assert.ok(!out.join("").includes("password="), "no connection string with a password is printed");
  });
});
