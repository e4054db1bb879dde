import { strict as assert } from "assert";
import { Client } from "pg";
import {
  LockTimeoutError,
  StepEvent,
  StepFailedError,
  acquireMigrationLock,
  applySchema,
  executePlan,
  releaseMigrationLock,
} from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaSpec, fromSpec } from "../../../core/model";
import { planChanges } from "../../../core/plan";
import { TestDatabase, createTestDatabase } from "../../support/env";

const base: SchemaSpec = {
  schemas: {
    public: {
      tables: { items: { columns: { id: { type: "integer", primaryKey: true }, v: { type: "integer" } } } },
    },
  },
};
const withIndex = (unique: boolean): SchemaSpec => ({
  schemas: {
    public: {
      tables: {
        items: { ...base.schemas.public.tables!.items, indexes: { items_v: { columns: ["v"], unique } } },
      },
    },
  },
});

describe("core/apply executor", function () {
  let db: TestDatabase;
  const clients: Client[] = [];
  const connect = async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    clients.push(c);
    return c;
  };
  before(async () => {
    db = await createTestDatabase("core_exec");
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db?.drop();
  });

  it("applies, then a second apply runs zero steps", async () => {
    const c = await connect();
    const first = await applySchema(c, fromSpec(base));
    assert.ok(first.executedSteps >= 1);
    const second = await applySchema(c, fromSpec(base));
    assert.equal(second.executedSteps, 0);
    await c.query("insert into items (id, v) values (1, 1), (2, 1)");
  });

  it("retries on lock timeout and finally names the blocking pid and its query", async () => {
    const c = await connect();
    const blocker = await connect();
    const blockerPid = (await blocker.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
    await blocker.query("begin");
    await blocker.query("select * from items /* long report */");
    const events: StepEvent[] = [];
    const desired = fromSpec({
      schemas: {
        public: {
          tables: {
            items: { columns: { ...base.schemas.public.tables!.items.columns, w: { type: "text" } } },
          },
        },
      },
    });
    const started = Date.now();
    const error = await applySchema(c, desired, {
      budget: { lockTimeoutMs: 100, retries: 2, backoffMs: 50 },
      onEvent: (e) => events.push(e),
    })
      .catch((e: unknown) => e)
      .finally(() => blocker.query("rollback"));
    assert.ok(error instanceof LockTimeoutError, String(error));
    assert.equal(error.attempts, 3);
    assert.deepEqual(
      error.blockers.map((b) => b.pid),
      [blockerPid],
    );
    assert.match(
      error.message,
      new RegExp(`pid ${blockerPid} \\(idle in transaction\\): select \\* from items /\\* long report \\*/`),
    );
    assert.equal(events.filter((e) => e.type === "retry").length, 2);
    assert.ok(Date.now() - started < 10_000);
    // the blocker is gone: the same apply now succeeds
    const ok = await applySchema(c, desired, { budget: { lockTimeoutMs: 1000 } });
    assert.equal(ok.executedSteps, 1);
  });

  it("reports the time a step lost waiting for its lock (what a rehearsal publishes per step)", async () => {
    const c = await connect();
    const blocker = await connect();
    await blocker.query("begin");
    await blocker.query("select * from items");
    const events: StepEvent[] = [];
    const desired = fromSpec({
      schemas: {
        public: {
          tables: {
            items: {
              columns: {
                ...base.schemas.public.tables!.items.columns,
                w: { type: "text" },
                waited: { type: "text" },
              },
            },
          },
        },
      },
    });
    await applySchema(c, desired, {
      budget: { lockTimeoutMs: 100, retries: 5, backoffMs: 20 },
      onEvent: (e) => {
        events.push(e);
        // The first lock timeout has happened: let the next attempt through.
        if (e.type === "retry") void blocker.query("rollback");
      },
    });
    const done = events.filter((e) => e.type === "done");
    assert.equal(done.length, 1);
    const retries = events.filter((e) => e.type === "retry");
    assert.ok(retries.length >= 1);
    assert.ok(done[0].type === "done" && done[0].lockWaitMs >= 100, JSON.stringify(done[0]));
    await c.query("alter table items drop column waited");
  });

  it("serialises two runs with the advisory lock", async () => {
    const a = await connect();
    const b = await connect();
    await acquireMigrationLock(a, 1000);
    let waited = false;
    const second = acquireMigrationLock(b, 5000, () => (waited = true), 20).then(() => Date.now());
    await new Promise((r) => setTimeout(r, 300));
    const released = Date.now();
    await releaseMigrationLock(a);
    const acquiredAt = await second;
    assert.ok(waited, "second run did not wait");
    assert.ok(acquiredAt >= released, "second run got the lock while the first held it");
    await releaseMigrationLock(b);
    await assert.rejects(
      (async () => {
        await acquireMigrationLock(a, 1000);
        try {
          await acquireMigrationLock(b, 150, undefined, 20);
        } finally {
          await releaseMigrationLock(a);
        }
      })(),
      /another schemastack run holds/,
    );
  });

  it("drops the INVALID index a failed concurrent build leaves, so a re-run starts clean", async () => {
    const c = await connect();
    // rows (1,1),(2,1) make the unique build fail half-way
    const error = await applySchema(c, fromSpec(withIndex(true)), { allowDataLoss: true }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof StepFailedError, String(error));
    assert.match(error.message, /could not create unique index "items_v"/);
    const live = await introspect(c);
    assert.deepEqual(live.invalidIndexes, []);
    const left = await c.query("select 1 from pg_class where relname = 'items_v'");
    assert.equal(left.rowCount, 0);
    await c.query("update items set v = id");
    const ok = await applySchema(c, fromSpec(withIndex(true)), { allowDataLoss: true });
    assert.equal(ok.executedSteps, 2);
  });

  it("a leftover INVALID index is dropped first by the next plan", async () => {
    const c = await connect();
    await applySchema(c, fromSpec(base), { allowDataLoss: true });
    await c.query("insert into items (id, v) values (10, 5), (11, 5)");
    await c.query("create unique index concurrently items_v on items (v)").catch(() => undefined);
    const live = await introspect(c);
    assert.deepEqual(live.invalidIndexes, [{ schema: "public", table: "items", name: "items_v" }]);
    await c.query("delete from items where id = 11");
    const plan = planChanges(live, fromSpec(withIndex(true)));
    assert.deepEqual(
      plan.steps.map((s) => s.sql),
      [
        "DROP INDEX CONCURRENTLY IF EXISTS public.items_v",
        "CREATE UNIQUE INDEX CONCURRENTLY items_v ON public.items USING btree (v)",
      ],
    );
    await executePlan(c, plan);
    assert.deepEqual((await introspect(c)).invalidIndexes, []);
  });

  it("runs a transactional group atomically: a failing step rolls back its group", async () => {
    const c = await connect();
    const step = (sql: string) => ({
      objectKey: "table:public.g",
      description: sql,
      sql,
      transactional: true,
      group: "g1",
      lock: "none" as const,
      lockTarget: null,
      hazards: [],
      creates: [],
      drops: [],
      needs: [],
    });
    const error = await executePlan(c, { steps: [step("create table g (x int)"), step("select 1/0")] }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof StepFailedError);
    const exists = await c.query("select to_regclass('public.g') as r");
    assert.equal(exists.rows[0].r, null);
  });

  it("applies statement_timeout per step", async () => {
    const c = await connect();
    const error = await executePlan(
      c,
      {
        steps: [
          {
            objectKey: "x",
            description: "slow",
            sql: "select pg_sleep(2)",
            transactional: true,
            group: "s",
            lock: "none",
            creates: [],
            drops: [],
            needs: [],
            lockTarget: null,
            hazards: [],
          },
        ],
      },
      { budget: { statementTimeoutMs: 100 } },
    ).catch((e: unknown) => e);
    assert.ok(error instanceof StepFailedError);
    assert.match(error.message, /statement timeout/);
    const after = await c.query<{ statement_timeout: string }>("show statement_timeout");
    assert.equal(after.rows[0].statement_timeout, "0", "timeouts must not leak into the session");
  });
});
