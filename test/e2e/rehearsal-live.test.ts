// Issue 21 end to end, real pulumi CLI: staging rehearses against a LIVE prod (open sessions, an
// open transaction and a running pgbench client) with the default settings and succeeds, without
// any of prod's writers ever waiting on it; then prod's preview prints the rehearsal's timings for
// the promoted fingerprint beside the promotion gate.
import * as assert from "assert";
import * as path from "path";
import { Client } from "pg";
import type { Stack } from "@pulumi/pulumi/automation";
import { TestDatabase, testEnv } from "../support/env";
import { initPgbench, startPgbench, watchBlocking } from "../support/pgbench-load";
import { upPromotionPair } from "../support/pulumi";
import { columnTypes, indexNames, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const base = {
  version: "1.0.0",
  tables: {
    accounts: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        email: { type: "text" },
      },
    },
  },
};
const next = {
  version: "1.1.0",
  tables: {
    accounts: {
      columns: { ...base.tables.accounts.columns, nickname: { type: "text" } },
      indexes: { accounts_email_idx: { columns: ["email"] } },
    },
  },
};

describe("staging rehearses against a live prod, and prod's preview shows what it cost", function () {
  this.timeout(900_000);
  let prodDb: TestDatabase;
  let stagingDb: TestDatabase;
  let staging: Stack;
  let prod: Stack;
  let stagingName: string;

  before(async () => {
    ({
      prodDb,
      stagingDb,
      staging,
      prod,
      stagingName: stagingName,
    } = await upPromotionPair(program, "live", base));
    await query(
      prodDb.url,
      "insert into accounts select g, 'user' || g || '@x' from generate_series(1, 50000) g",
    );
    await initPgbench(prodDb.url, 1);
  });

  after(async () => {
    for (const s of [prod, staging])
      await s?.workspace.removeStack(s.name, { force: true }).catch(() => undefined);
    await prodDb?.drop();
    await stagingDb?.drop();
  });

  it("rehearses with default settings while prod is in use, blocking none of prod's writers", async () => {
    const env = await testEnv();
    const app = new Client({ connectionString: prodDb.url, application_name: "app" });
    await app.connect();
    await app.query("begin isolation level repeatable read");
    await app.query("select count(*) from accounts");
    const load = startPgbench(prodDb.url, { clients: 2, lockTimeoutMs: 1000 });
    const watch = watchBlocking(env.adminUrl, prodDb.name, ["pgbench"]);
    let output = "";
    try {
      await staging.setConfig("schemastack-test:spec", { value: JSON.stringify(next) });
      const up = await staging.up({ onOutput: (t) => (output += t) });
      assert.strictEqual(up.summary.result, "succeeded");
      assert.match(output, /rehearsal: copy of the parent by dump, taken at .*other session\(s\)/);
      assert.match(output, /rehearsal: copying the parent: restore (\d+)\/\1 tables/);
      const rehearsal = up.outputs.rehearsal.value as {
        fingerprint: string;
        copy: { method: string; rowLimit: number | null };
        steps: Array<{ description: string; durationMs: number; lock: string }>;
      };
      assert.strictEqual(rehearsal.fingerprint, up.outputs.appliedFingerprint.value);
      assert.strictEqual(rehearsal.copy.method, "dump");
      assert.strictEqual(rehearsal.copy.rowLimit, null);
      assert.ok(
        rehearsal.steps.some((s) => /accounts_email_idx/.test(s.description)),
        JSON.stringify(rehearsal.steps),
      );
      assert.ok(load.running(), load.stderr());
      assert.ok((await indexNames(stagingDb.url, "accounts")).includes("accounts_email_idx"));
      assert.strictEqual((await columnTypes(prodDb.url, "accounts")).nickname, undefined, "prod untouched");
    } finally {
      await watch.stop();
      const stopped = await load.stop();
      await app.end();
      assert.doesNotMatch(stopped.stderr, /lock timeout|aborted/i);
    }
    assert.ok(watch.samples > 0);
    assert.deepStrictEqual(watch.blocked, [], "no writer of prod waited for a lock the rehearsal held");
    const left = await query<{ datname: string }>(
      env.adminUrl,
      "select datname from pg_database where datname like 'rehearsal%'",
    );
    assert.deepStrictEqual(left, [], "the copy is gone");
  });

  it("prod's preview prints the rehearsal's timings for the promoted fingerprint beside the gate", async () => {
    await prod.setConfig("schemastack-test:spec", { value: JSON.stringify(next) });
    let output = "";
    await prod.preview({ onOutput: (t) => (output += t) });
    assert.match(
      output,
      new RegExp(
        `promotion gate: rehearsed by "${stagingName}" on a copy of prod \\(dump, taken at [0-9T:.-]+Z\\): \\d+ steps?, [^:]+: .*accounts_email_idx.*; longest lock wait \\d+ ms`,
      ),
    );
    assert.match(output, /writes blocked at most \d+ ms \(.*ACCESS EXCLUSIVE\)/);
  });
});
