// Branching a live parent (issue 21): the auto method on an idle and on a busy parent, a pg_dump copy
// taken while pgbench writes to the parent and other sessions stay open (no writer ever blocked),
// and the row-limited sample (a weaker rehearsal, said so) with its foreign keys intact.
import * as assert from "assert";
import { Client } from "pg";
import { DumpCopyProgress, LocalBranchDriver } from "../../../core/branch";
import { createTestDatabase, testEnv } from "../../support/env";
import { initPgbench, startPgbench, watchBlocking } from "../../support/pgbench-load";
import { one, seedParent, snapshot, withClient } from "./suite";

const unique = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}`;

describe("branching a live parent", function () {
  this.timeout(300_000);

  it("auto: a template copy of an idle parent, a pg_dump copy of a busy one, each saying why", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("live_auto");
    await seedParent(parent.url);
    const driver = new LocalBranchDriver({ adminUrl: env.adminUrl });
    const idle = await driver.createBranch(parent.url, { name: unique("auto_idle") });
    const session = new Client({ connectionString: parent.url, application_name: "app-session" });
    await session.connect();
    try {
      assert.strictEqual(idle.copy?.method, "template");
      assert.match(idle.copy.reason, /idle/);
      const busy = await driver.createBranch(parent.url, { name: unique("auto_busy") });
      try {
        assert.strictEqual(busy.copy?.method, "dump");
        assert.match(busy.copy.reason, /1 other session\(s\)/);
        assert.strictEqual(busy.copy.rowLimit, null);
        assert.deepStrictEqual(await snapshot(busy.connectionUrl), await snapshot(parent.url));
        assert.strictEqual(
          (await one<{ n: string }>(busy.connectionUrl, "select count(*) n from items")).n,
          "500",
        );
        // The session was never disturbed.
        assert.strictEqual((await session.query("select 1 as x")).rows[0].x, 1);
      } finally {
        await driver.deleteBranch(busy);
      }
    } finally {
      await session.end();
      await driver.deleteBranch(idle);
      await parent.drop();
    }
  });

  it("copies a parent under pgbench write load with open sessions, never blocking a writer", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("live_pgbench");
    await initPgbench(parent.url, 2);
    await seedParent(parent.url);
    const idleInTransaction = new Client({
      connectionString: parent.url,
      application_name: "open-transaction",
    });
    await idleInTransaction.connect();
    // A reader holding a snapshot and ACCESS SHARE on a table for the whole copy.
    await idleInTransaction.query("begin isolation level repeatable read");
    await idleInTransaction.query("select count(*) from pgbench_accounts");
    const load = startPgbench(parent.url, { clients: 2, lockTimeoutMs: 1000 });
    const watch = watchBlocking(env.adminUrl, parent.name);
    const progress: DumpCopyProgress[] = [];
    const driver = new LocalBranchDriver({
      adminUrl: env.adminUrl,
      dumpJobs: 2,
      onProgress: (p) => progress.push(p),
    });
    try {
      // The load is running before the copy starts: history rows appear.
      await waitFor(
        async () =>
          Number((await one<{ n: string }>(parent.url, "select count(*) n from pgbench_history")).n) > 50,
      );
      const before = Number(
        (await one<{ n: string }>(parent.url, "select count(*) n from pgbench_history")).n,
      );
      const handle = await driver.createBranch(parent.url, { name: unique("live_copy") });
      try {
        const after = Number(
          (await one<{ n: string }>(parent.url, "select count(*) n from pgbench_history")).n,
        );
        assert.strictEqual(handle.copy?.method, "dump", JSON.stringify(handle.copy));
        assert.match(handle.copy.reason, /other session\(s\)/);
        assert.ok(
          after > before,
          `pgbench kept writing during the copy (${before} -> ${after} history rows)`,
        );
        assert.ok(load.running(), `pgbench is still running: ${load.stderr()}`);
        assert.doesNotMatch(load.stderr(), /lock timeout|aborted/i);
        // The copy is one consistent snapshot: pgbench's invariant (branch sums equal teller sums
        // equal account sums) holds in it although transactions were running.
        const sums = await one<{ a: string; b: string; t: string }>(
          handle.connectionUrl,
          "select (select sum(abalance) from pgbench_accounts) a, (select sum(bbalance) from pgbench_branches) b, (select sum(tbalance) from pgbench_tellers) t",
        );
        assert.strictEqual(sums.a, sums.b);
        assert.strictEqual(sums.b, sums.t);
        const dumped = progress.filter((p) => p.phase === "dump");
        const restored = progress.filter((p) => p.phase === "restore");
        assert.ok(dumped.length > 0 && restored.length > 0, JSON.stringify(progress));
        assert.strictEqual(restored[restored.length - 1].tablesDone, restored[0].tablesTotal);
      } finally {
        await driver.deleteBranch(handle);
      }
    } finally {
      await watch.stop();
      const stopped = await load.stop();
      await idleInTransaction.end();
      await parent.drop();
      assert.doesNotMatch(stopped.stderr, /lock timeout/i);
    }
    assert.ok(watch.samples > 0);
    assert.deepStrictEqual(watch.blocked, [], "no session of the parent waited for a lock during the copy");
  });

  it("with a row limit copies a sample whose foreign keys hold, and says it is weaker", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("live_sample");
    await seedParent(parent.url);
    const driver = new LocalBranchDriver({ adminUrl: env.adminUrl, rowLimit: 100 });
    const handle = await driver.createBranch(parent.url, { name: unique("sample") });
    try {
      assert.strictEqual(handle.copy?.method, "dump");
      assert.strictEqual(handle.copy.rowLimit, 100);
      assert.match(handle.copy.reason, /row limit of 100/);
      const counts = await one<{ items: string; invoices: string; orphans: string }>(
        handle.connectionUrl,
        `select (select count(*) from items) items, (select count(*) from billing.invoices) invoices,
                (select count(*) from billing.invoices i where not exists (select 1 from items t where t.id = i.item_id)) orphans`,
      );
      assert.strictEqual(counts.items, "100");
      assert.ok(Number(counts.invoices) > 0 && Number(counts.invoices) <= 100, counts.invoices);
      assert.strictEqual(counts.orphans, "0");
      // Schema, constraints and indexes as on the parent; the identity continues after the parent's rows.
      const schemaOf = async (url: string) => {
        const { columns, constraints, indexes, views } = await snapshot(url);
        return { columns, constraints, indexes, views };
      };
      assert.deepStrictEqual(await schemaOf(handle.connectionUrl), await schemaOf(parent.url));
      await withClient(handle.connectionUrl, async (c) => {
        const r = await c.query<{ id: string }>("insert into items (name) values ('new') returning id");
        assert.ok(Number(r.rows[0].id) > 500, r.rows[0].id);
      });
    } finally {
      await driver.deleteBranch(handle);
      await parent.drop();
    }
  });
});

/** Polls (no fixed sleep) until the condition holds, for at most 60 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 60 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}
