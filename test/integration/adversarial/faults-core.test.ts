// Faults under the core executor: the connection killed between steps and during a long concurrent
// index build, a long transaction holding the table's lock, and the server restarted mid-update (on
// a private cluster, since the shared test cluster serves parallel workers). Each time the run
// fails clearly, a re-run converges, and no row is lost.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { applySchema, LockTimeoutError, StepEvent } from "../../../core/apply";
import { fromSpec, SchemaSpec } from "../../../core/model";
import { withClient } from "../../../core/pg/with-client";
import { PostgresCluster } from "../../../localenv/postgres";
import { stateRoot } from "../../../localenv/paths";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { FigureCounter } from "../../support/adversarial/figures";
import { waitFor } from "../../support/adversarial/processes";

const figures = new FigureCounter("faults-core");
const bigRows = 400_000;

const v1: SchemaSpec = {
  schemas: {
    public: {
      tables: {
        big: {
          columns: {
            id: { type: "bigint", primaryKey: true },
            payload: { type: "text" },
            n: { type: "integer" },
          },
        },
      },
    },
  },
};

/** v1 plus three new tables and an index on the big table: several groups, one long step. */
function v2(): SchemaSpec {
  const spec = structuredClone(v1);
  const tables = spec.schemas.public.tables!;
  tables.big.indexes = { big_payload_idx: { columns: ["payload", "n"] } };
  for (const name of ["a1", "a2", "a3"])
    tables[name] = { columns: { id: { type: "bigint", primaryKey: true } } };
  return spec;
}

async function apply(url: string, spec: SchemaSpec, onEvent?: (e: StepEvent) => void, budget = {}) {
  return withClient(url, (c) => applySchema(c, fromSpec(spec), { onEvent, budget }));
}

async function seed(url: string): Promise<void> {
  await apply(url, v1);
  await query(
    url,
    `insert into big select g, md5(g::text) || md5((g * 7)::text), g % 1000 from generate_series(1, ${bigRows}) g`,
  );
}

const rowDigest = async (url: string) =>
  (await query<{ d: string }>(url, "select count(*) || ':' || sum(hashtext(payload)::int8) as d from big"))[0]
    .d;

async function terminate(adminUrl: string, where: string): Promise<number> {
  const rows = await query<{ n: number }>(
    adminUrl,
    `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where pid <> pg_backend_pid() and ${where}`,
  );
  return rows[0].n;
}

/** Re-run after a fault: converges (a third run is a no-op), rows intact, no invalid index left. */
async function convergesAfter(url: string, digest: string): Promise<void> {
  await apply(url, v2());
  assert.strictEqual((await apply(url, v2())).executedSteps, 0, "a second re-run still had work");
  assert.strictEqual(await rowDigest(url), digest, "rows changed");
  const invalid = await query(url, "select 1 from pg_index where not indisvalid");
  assert.strictEqual(invalid.length, 0, "an invalid index is left");
}

describe("adversarial: faults (core)", () => {
  after(() => figures.report());

  describe("adversarial: faults under the core executor", function () {
    this.timeout(300_000);
    let db: TestDatabase;
    let digest: string;
    const dbAdmin = () => db.url;

    beforeEach(async () => {
      db = await createTestDatabase("adv_faults");
      await seed(db.url);
      digest = await rowDigest(db.url);
    });
    afterEach(() => db?.drop());

    it("connection terminated between steps: the run fails, a re-run converges", async () => {
      figures.add("faultsInjected");
      let killed = 0;
      const error = await apply(db.url, v2(), (e) => {
        if (e.type === "done" && killed === 0) {
          killed = -1;
          void terminate(
            dbAdmin(),
            `datname = current_database() and application_name like 'schemastack %'`,
          ).then((n) => (killed = n));
        }
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(error, "the apply survived a terminated connection?");
      assert.match(error.message, /terminat|Connection|connection/);
      assert.ok(killed !== 0);
      await convergesAfter(db.url, digest);
      figures.add("faultsSurvived");
    });

    it("connection terminated during a concurrent index build on a big table: fails, re-run rebuilds it", async () => {
      figures.add("faultsInjected");
      const running = apply(db.url, v2()).then(
        () => undefined,
        (e: Error) => e,
      );
      await waitFor(
        "the index build",
        async () =>
          (
            await query(
              db.url,
              "select 1 from pg_stat_activity where query ilike 'create index concurrently%'",
            )
          ).length > 0,
        60_000,
        20,
      );
      assert.ok((await terminate(dbAdmin(), "query ilike 'create index concurrently%'")) >= 1);
      const error = await running;
      assert.ok(error, "the apply survived a terminated index build?");
      await convergesAfter(db.url, digest);
      figures.add("faultsSurvived");
    });

    it("a long transaction holding the table: bounded waits, retries, then a failure naming its pid and query", async () => {
      figures.add("faultsInjected");
      const blocker = new Client({ connectionString: db.url, application_name: "adversarial-blocker" });
      await blocker.connect();
      try {
        await blocker.query("begin");
        await blocker.query("select count(*) as blocking_reader from big");
        const before = await snapshotDatabase(db.url);
        const retries: StepEvent[] = [];
        const started = Date.now();
        const spec = structuredClone(v1);
        spec.schemas.public.tables!.big.columns.extra = { type: "text" };
        const error = await apply(db.url, spec, (e) => e.type === "retry" && retries.push(e), {
          lockTimeoutMs: 300,
          retries: 2,
          backoffMs: 50,
        }).then(
          () => undefined,
          (e: Error) => e,
        );
        const elapsed = Date.now() - started;
        assert.ok(error instanceof LockTimeoutError, `not a lock timeout: ${error?.message}`);
        const pid = (blocker as unknown as { processID: number }).processID;
        assert.match(
          error.message,
          new RegExp(
            `pid ${pid} \\(idle in transaction\\): select count\\(\\*\\) as blocking_reader from big`,
          ),
        );
        assert.strictEqual(retries.length, 2);
        assert.ok(elapsed < 15_000, `waited ${elapsed} ms`);
        assert.deepStrictEqual(await snapshotDatabase(db.url), before);
        await blocker.query("rollback");
        await apply(db.url, spec);
        assert.strictEqual(await rowDigest(db.url), digest);
        figures.add("faultsSurvived");
      } finally {
        await blocker.end();
      }
    });
  });

  describe("adversarial: Postgres restarted during an update (private cluster)", function () {
    this.timeout(300_000);
    let cluster: PostgresCluster;
    let dir: string;

    before(() => {
      dir = path.join(stateRoot(), "tmp", `adv-restart-${process.pid}`);
      fs.rmSync(dir, { recursive: true, force: true });
      cluster = new PostgresCluster({ dir, durable: false });
    });
    after(async () => {
      await cluster?.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("fails the run; after the restart a re-run converges with every row", async () => {
      figures.add("faultsInjected");
      let port = await cluster.start();
      const url = () => `postgres://postgres@127.0.0.1:${port}/postgres`;
      await seed(url());
      const digest = await rowDigest(url());
      const running = apply(url(), v2()).then(
        () => undefined,
        (e: Error) => e,
      );
      await waitFor(
        "the index build",
        async () =>
          (
            await query(
              url(),
              "select 1 from pg_stat_activity where query ilike 'create index concurrently%'",
            )
          ).length > 0,
        60_000,
        20,
      );
      await cluster.stop();
      const error = await running;
      assert.ok(error, "the apply survived a server restart?");
      port = await cluster.start();
      await convergesAfter(url(), digest);
      figures.add("faultsSurvived");
    });
  });
});
