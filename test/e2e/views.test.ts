// Issue 16 (views) through the real pulumi CLI: a program with a view on a view and a
// materialized view; a hand-made CREATE OR REPLACE shows as drift in preview and up repairs it; a
// column type change under the views re-creates them around it; bad view declarations fail before
// any change, naming the view.
import * as assert from "assert";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { columnTypes, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const tables = {
  orders: {
    columns: {
      id: { type: "bigint", identity: "always", primaryKey: true },
      customer: { type: "text", nullable: false },
      amount: { type: "integer", nullable: false },
    },
  },
};
const v1 = {
  version: "1",
  tables,
  views: {
    big_orders: {
      query: "select id, customer, amount from orders where amount > 100",
      securityBarrier: true,
    },
    big_customers: { query: "select distinct customer from big_orders", comment: "for the weekly report" },
    customer_totals: {
      materialized: true,
      query: "select customer, sum(amount) as total from orders group by customer",
      indexes: { customer_totals_customer: { columns: ["customer"], unique: true } },
    },
  },
};

function warnings(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());
}

const viewDefinition = async (url: string, name: string) =>
  (await query<{ d: string }>(url, `select pg_get_viewdef('public.${name}'::regclass) as d`))[0].d;

describe("views through the real pulumi CLI", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
  const sameAfterPreview = async () => {
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  };

  before(async () => {
    db = await createTestDatabase("views");
    ({ stack } = await openStack(program, "views"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await setSpec(v1);
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up creates the views in dependency order; reformatting a query is no change", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    await query(db.url, "insert into orders (customer, amount) values ('ann', 500), ('bob', 50)");
    assert.deepStrictEqual(await query(db.url, "select customer from big_customers"), [{ customer: "ann" }]);
    await sameAfterPreview();
    // The same queries spelled differently: Postgres prints them alike, so nothing changes.
    await setSpec({
      ...v1,
      views: {
        ...v1.views,
        big_orders: {
          ...v1.views.big_orders,
          query: "SELECT id,\n       customer,\n       amount\n  FROM orders\n WHERE amount > 100;",
        },
      },
    });
    await sameAfterPreview();
    await setSpec(v1);
  });

  it("a view changed by hand (CREATE OR REPLACE) is drift in preview, and up puts it back", async () => {
    await query(
      db.url,
      "create or replace view big_orders with (security_barrier) as select id, customer, amount from orders where amount > 1",
    );
    const { events, onEvent } = eventCollector();
    await stack.preview({ onEvent });
    const updated = events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m) => m?.op === "update")
      .map((m) => m!.urn.split("::").pop())
      .sort();
    assert.deepStrictEqual(updated, ["app-backup", "app-migration", "big_orders"]);
    assert.match(
      warnings(events).join("\n"),
      /drift: view "public.big_orders": query is .*amount > 1\).* in the database, declared .*amount > 100\)/,
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.match(await viewDefinition(db.url, "big_orders"), /amount > 100/);
    assert.deepStrictEqual(await query(db.url, "select customer from big_customers"), [{ customer: "ann" }]);
    await sameAfterPreview();
  });

  it("a column type change under the views re-creates them around it", async () => {
    await setSpec({
      ...v1,
      version: "2",
      tables: {
        orders: {
          columns: { ...tables.orders.columns, customer: { type: "varchar(200)", nullable: false } },
        },
      },
    });
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual((await columnTypes(db.url, "orders")).customer, "character varying(200)");
    assert.deepStrictEqual(await query(db.url, "select customer::text from big_customers"), [
      { customer: "ann" },
    ]);
    assert.deepStrictEqual(
      await query(db.url, "select customer::text, total::int from customer_totals order by 1"),
      [
        { customer: "ann", total: 500 },
        { customer: "bob", total: 50 },
      ],
    );
    await sameAfterPreview();
  });

  describe("bad view declarations fail before any change, naming the view", () => {
    const catalog = async () =>
      query(
        db.url,
        "select c.relname, pg_get_viewdef(c.oid) as d from pg_class c where relkind in ('v', 'm') order by 1",
      );

    for (const [title, view, message] of [
      [
        "a view on an undeclared table",
        { query: "select id from refunds" },
        /view public\.bad_view[\s\S]*relation "refunds" does not exist/,
      ],
      [
        "a query Postgres rejects",
        { query: "select id frm orders" },
        /view public\.bad_view[\s\S]*syntax error/,
      ],
      [
        "a second statement smuggled after the query",
        { query: "select 1 as one; drop table orders" },
        /view "bad_view": query contains `;` followed by more SQL/,
      ],
    ] as const) {
      it(title, async () => {
        const before = await catalog();
        await setSpec({ ...v1, version: "3", views: { ...v1.views, bad_view: view } });
        await assert.rejects(stack.up(), (e: Error) => {
          assert.match(e.message, message);
          return true;
        });
        assert.deepStrictEqual(await catalog(), before);
        assert.strictEqual((await columnTypes(db.url, "orders")).customer, "character varying(200)");
      });
    }
  });
});
