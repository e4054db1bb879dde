// Issue 14 through the real pulumi CLI: a Database with a managed scope leaves a library's table,
// its index on a declared table and its function alone (never planned, dropped or reported as
// drift), while a declared foreign key into the library's table is created.
import * as assert from "assert";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { indexNames, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const libraryRules = [
  { kind: "table", name: "lib_*" },
  { kind: "index", name: "lib_*" },
  { kind: "function", name: "lib_*" },
];

const spec = (allowDataLoss: boolean, ignore = libraryRules) => ({
  version: "1.0.0",
  allowDataLoss,
  scope: { ignore },
  tables: {
    customers: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        name: { type: "text" },
      },
    },
    orders: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        account_id: { type: "bigint" },
      },
      constraints: {
        orders_account_id_fkey: {
          type: "foreignKey",
          columns: ["account_id"],
          references: { table: "lib_accounts", columns: ["id"] },
        },
      },
    },
  },
});

function warnings(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());
}

describe("managed scope through the real pulumi CLI (issue 14)", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  const setSpec = (value: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(value) });

  const libraryObjects = async () => ({
    accounts: (await query<{ id: string }>(db.url, "select id::text from lib_accounts")).map((r) => r.id),
    index: (await indexNames(db.url, "customers")).includes("lib_idx"),
    fn: (await query(db.url, "select 1 from pg_proc where proname = 'lib_fn'")).length === 1,
  });

  const assertNoChangesNorLibraryDrift = async () => {
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
    const text = warnings(events).join("\n");
    assert.ok(!/lib_/.test(text), text);
  };

  before(async () => {
    db = await createTestDatabase("scope");
    // "A library" owns these, made with plain SQL before the program's first update.
    await query(db.url, "create table lib_accounts (id bigint primary key)");
    await query(db.url, "insert into lib_accounts values (1)");
    await query(db.url, "create function lib_fn() returns integer language sql as 'select 1'");
    ({ stack } = await openStack(program, "scope"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await setSpec(spec(false));
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up creates the declared tables and the foreign key into the library's table", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const fk = await query<{ target: string }>(
      db.url,
      `select confrelid::regclass::text as target from pg_constraint
        where conname = 'orders_account_id_fkey' and contype = 'f'`,
    );
    assert.deepStrictEqual(fk, [{ target: "lib_accounts" }]);
  });

  it("a library's index on a declared table is neither a change nor drift in the next preview", async () => {
    await query(db.url, "create index lib_idx on customers (name)");
    await assertNoChangesNorLibraryDrift();
  });

  it("up, even with the data-loss opt-in, leaves every library object in place", async () => {
    await setSpec(spec(true));
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(await libraryObjects(), { accounts: ["1"], index: true, fn: true });
    await assertNoChangesNorLibraryDrift();
  });

  it("a changed scope is an update of the migration only", async () => {
    await setSpec(spec(true, [...libraryRules, { kind: "view", name: "lib_*" }]));
    const { events, onEvent } = eventCollector();
    await stack.preview({ onEvent });
    const updated = events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m) => m?.op !== undefined && m.op !== "same")
      .map((m) => `${m!.op} ${m!.urn.split("::").pop()}`);
    // The default dynamic provider gets the whole stack config (pulumi/pulumi#17229): the spec
    // config this test changes updates it too. Among schemastack resources only the migration moves.
    assert.deepStrictEqual(
      updated.filter((u) => u !== "update default"),
      ["update app-migration"],
      updated.join(", "),
    );
  });
});
