// Views against real Postgres beyond the corpus (issue 16): plans of rendered declarations
// (CREATE OR REPLACE chosen from the catalog's columns; a rebuild of a view and its dependent in
// one transaction; the size of a materialized view in the re-create's hazard), a `.sql` desired
// file with views, a view the scope ignores on a managed view being rebuilt, and a rollback that
// brings back a dropped column with the view that used it.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { groupSteps } from "../../../core/apply/execute-plan";
import { takeVerifiedBackup, type BackupTargetConfig } from "../../../core/backup";
import { introspect } from "../../../core/introspect";
import { fromSpec, sameSchema, describeDifferences, schemaFingerprint } from "../../../core/model";
import type { SchemaSpec } from "../../../core/model/declaration";
import type { SchemaModel } from "../../../core/model/model";
import { UnmanagedDependentError, planChanges } from "../../../core/plan";
import { renderModel } from "../../../core/render";
import { prepareRollback, runRollback } from "../../../core/rollback";
import { defaultVersionTable } from "../../../core/verify";
import { loadDesired } from "../../../cli/load-desired";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";

const orders = {
  columns: {
    id: { type: "bigint", primaryKey: true },
    customer: { type: "text", nullable: false },
    amount: { type: "integer", nullable: false },
    note: { type: "text" },
  },
};

function spec(version: string, views: Record<string, unknown>, tables: Record<string, unknown> = { orders }) {
  return fromSpec({ version, schemas: { public: { tables, views } } } as unknown as SchemaSpec);
}

describe("views against real Postgres", function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let client: Client;
  const render = (m: SchemaModel) => renderModel(db.url, m);
  const reset = async () => {
    await client.query("drop schema public cascade; create schema public");
  };

  before(async () => {
    db = await createTestDatabase("core_views");
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  it("rendered declarations: reformatting is no change, appending a column is CREATE OR REPLACE", async () => {
    await reset();
    const v1 = await render(
      spec("1", { big: { query: "select id, customer from orders where amount > 100" } }),
    );
    await applySchema(client, v1);
    const same = await render(
      spec("1", { big: { query: "SELECT id,\n  customer\nFROM orders\nWHERE amount > 100;" } }),
    );
    assert.deepStrictEqual(planChanges(await introspect(client), same).steps, []);
    const v2 = await render(
      spec("2", { big: { query: "select id, customer, amount from orders where amount > 100" } }),
    );
    const plan = planChanges(await introspect(client), v2);
    assert.deepStrictEqual(
      plan.steps.map((s) => s.sql.split("\n")[0]),
      ["CREATE OR REPLACE VIEW public.big AS"],
    );
    await applySchema(client, v2);
    assert.deepStrictEqual(planChanges(await introspect(client), v2).steps, []);
  });

  it("an incompatible change re-creates the view and its dependent in one transaction; a matview's size is in the hazard", async () => {
    await reset();
    const views = {
      totals: { query: "select customer, sum(amount) as total from orders group by customer" },
      top: { query: "select customer from totals where total > 10" },
      counts: { materialized: true, query: "select customer, count(*) as n from orders group by customer" },
    };
    await applySchema(client, await render(spec("1", views)));
    await query(
      db.url,
      "insert into orders select g, 'c' || (g % 1000), g, null from generate_series(1, 20000) g",
    );
    await query(db.url, "refresh materialized view counts; analyze counts");
    const v2 = await render(
      spec("2", {
        ...views,
        totals: { query: "select customer, sum(amount)::numeric as total from orders group by customer" },
        counts: {
          ...views.counts,
          query: "select customer, count(*) as n from orders where amount > 0 group by customer",
        },
      }),
    );
    const plan = planChanges(await introspect(client), v2);
    const viewSteps = plan.steps.filter((s) => /public\.(totals|top)\b/.test(s.description));
    assert.deepStrictEqual(
      viewSteps.map((s) => s.description),
      [
        "drop view public.top (created again below)",
        "drop view public.totals (created again below)",
        "re-create view public.totals",
        "re-create view public.top",
      ],
    );
    const groups = groupSteps(plan.steps).filter((g) => g.some((s) => viewSteps.includes(s)));
    assert.strictEqual(groups.length, 1, "one transaction for the drops and the creates");
    const recreate = plan.steps.find((s) => s.description === "re-create materialized view public.counts");
    assert.match(
      recreate?.hazards.map((h) => h.message).join("\n") ?? "",
      /re-runs its query.*about 1000 rows \(\d+ kB\)/,
    );
    await applySchema(client, v2);
    assert.deepStrictEqual(await query(db.url, "select count(*)::int as n from top"), [{ n: 1000 }]);
  });

  it("a .sql desired file with views converges, and inspect reads them back", async () => {
    await reset();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "views-")), "schema.sql");
    fs.writeFileSync(
      file,
      `create table orders (id bigint primary key, amount integer not null);
       create view big as select id from orders where amount > 100;
       create materialized view n as select count(*) as n from big;
       create unique index n_n on n (n);`,
    );
    const desired = await loadDesired({ file, scratchServerUrl: db.url });
    assert.deepStrictEqual(
      desired.views?.map((v) => `${v.name}:${v.materialized}:${v.indexes.length}`),
      ["big:false:0", "n:true:1"],
    );
    await applySchema(client, desired);
    const live = await introspect(client);
    assert.ok(sameSchema(live.model, desired), describeDifferences(live.model, desired).join("\n"));
  });

  it("a view the scope ignores on a managed view that is re-created stops the plan, naming it", async () => {
    await reset();
    const v1 = await render(spec("1", { base: { query: "select id, customer from orders" } }));
    await applySchema(client, v1);
    await query(db.url, "create view legacy_report as select customer from base");
    const v2 = await render(spec("2", { base: { query: "select id from orders" } }));
    const scope = { ignore: [{ kind: "view" as const, name: "legacy_*" }] };
    const live = await introspect(client);
    assert.throws(
      () => planChanges(live, v2, { scope }),
      (e: Error) =>
        e instanceof UnmanagedDependentError &&
        /view public\.legacy_report depends on view public\.base/.test(e.message),
    );
  });

  it("rollback brings back a dropped column and the view that used it", async () => {
    await reset();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "views-rollback-"));
    const target: BackupTargetConfig = { kind: "folder", path: folder };
    const v1 = await render(spec("1", { notes: { query: "select id, note from orders" } }));
    await applySchema(client, v1);
    await query(db.url, "insert into orders values (1, 'a', 5, 'keep me')");
    const dump = await takeVerifiedBackup({ databaseUrl: db.url, target, stack: "views", progress: false });
    const v2 = await render(
      spec(
        "2",
        { notes: { query: "select id from orders" } },
        {
          orders: {
            columns: {
              id: orders.columns.id,
              customer: orders.columns.customer,
              amount: orders.columns.amount,
            },
          },
        },
      ),
    );
    await applySchema(client, v2, { allowDataLoss: true });
    const plan = await prepareRollback(db.url, v1, [
      { label: "2", desired: v2, succeeded: true, dump: { uri: dump.uri, key: dump.key, target } },
    ]);
    await runRollback(plan, {
      databaseUrl: db.url,
      versionRow: {
        version: "1",
        fingerprint: schemaFingerprint(v1),
        stack: "views",
        table: defaultVersionTable,
      },
    });
    assert.deepStrictEqual(await query(db.url, "select id::int, note from notes"), [
      { id: 1, note: "keep me" },
    ]);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
