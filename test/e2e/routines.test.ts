// Functions and triggers through the real pulumi CLI: created by `up`, their hand-made changes
// shown as drift in `preview` (against the function's or trigger's own resource) and repaired by
// `up`; the updated_at trigger moves the timestamp; bad declarations fail before any change.
import * as assert from "assert";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const touchBody = `
begin
  new.updated_at := clock_timestamp();
  return new;
end`;

const v1 = {
  version: "1.0.0",
  tables: {
    items: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        name: { type: "text", nullable: false },
        updated_at: { type: "timestamptz", nullable: false, default: "now()" },
      },
      triggers: {
        items_touch: { timing: "before", events: ["update"], forEach: "row", function: "touch" },
      },
    },
  },
  functions: {
    touch: { returns: "trigger", language: "plpgsql", body: touchBody },
    item_count: {
      returns: "bigint",
      language: "sql",
      body: "select count(*) from public.items",
      volatility: "stable",
    },
  },
};

function warnings(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());
}

function updatedResources(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m) => m?.op === "update")
    .map((m) => m!.urn.split("::").pop()!)
    .filter((name) => name !== "app-backup") // the dump before the repair, when the env has a bucket
    .sort();
}

describe("functions and triggers through the real pulumi CLI", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
  const body = async (name: string) =>
    (await query<{ prosrc: string }>(db.url, "select prosrc from pg_proc where proname = $1", [name]))[0]
      ?.prosrc;

  before(async () => {
    db = await createTestDatabase("routines");
    ({ stack } = await openStack(program, "routines"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await setSpec(v1);
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up creates the functions and the trigger; an immediate preview reports no changes", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await body("touch"), touchBody);
    const triggers = await query<{ tgname: string }>(
      db.url,
      "select tgname from pg_trigger where not tgisinternal",
    );
    assert.deepStrictEqual(
      triggers.map((t) => t.tgname),
      ["items_touch"],
    );
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("the updated_at trigger moves the timestamp when a row is updated", async () => {
    await query(db.url, "insert into items (name) values ('a')");
    const [before] = await query<{ t: string }>(db.url, "select updated_at::text as t from items");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await query(db.url, "update items set name = 'b'");
    const [after] = await query<{ t: string }>(db.url, "select updated_at::text as t from items");
    assert.ok(after.t > before.t, `updated_at did not move: ${before.t} -> ${after.t}`);
  });

  it("re-indenting a function body by hand is not drift", async () => {
    await query(
      db.url,
      `create or replace function public.touch() returns trigger language plpgsql as $$${touchBody.replace(/\n {2}/g, "\n\t")}$$`,
    );
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("a hand-made change to a function body is drift in preview, and up repairs it", async () => {
    await query(
      db.url,
      "create or replace function public.touch() returns trigger language plpgsql as $$begin return new; end$$",
    );
    const { events, onEvent } = eventCollector();
    await stack.preview({ onEvent });
    assert.deepStrictEqual(updatedResources(events), ["app-migration", "touch"]);
    assert.match(
      warnings(events).join("\n"),
      /drift: function "public.touch": body is "begin return new; end" in the database/,
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await body("touch"), touchBody);
    const again = await stack.preview();
    assert.deepStrictEqual(Object.keys(again.changeSummary), ["same"], JSON.stringify(again.changeSummary));
  });

  it("a hand-made change to a trigger is drift in preview, and up repairs it", async () => {
    await query(
      db.url,
      "create or replace trigger items_touch before insert or update on public.items for each row execute function public.touch()",
    );
    await query(db.url, "alter table items disable trigger items_touch");
    const { events, onEvent } = eventCollector();
    await stack.preview({ onEvent });
    assert.deepStrictEqual(updatedResources(events), ["app-migration", "items.items_touch"]);
    const text = warnings(events).join("\n");
    assert.match(
      text,
      /drift: trigger "items_touch" on "public.items": events is \["insert","update"\] in the database, declared \["update"\]/,
    );
    assert.match(
      text,
      /drift: trigger "items_touch" on "public.items": enabled is "disabled" in the database, declared "origin"/,
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const [row] = await query<{ def: string; enabled: string }>(
      db.url,
      "select pg_get_triggerdef(oid) as def, tgenabled::text as enabled from pg_trigger where tgname = 'items_touch'",
    );
    assert.match(row.def, /BEFORE UPDATE ON public.items FOR EACH ROW/);
    assert.strictEqual(row.enabled, "O");
  });

  const refused = async (spec: unknown, pattern: RegExp) => {
    await setSpec(spec);
    const before = await query(db.url, "select count(*)::int as n from pg_class where relname = 'extra'");
    await assert.rejects(stack.up(), (e: Error) => {
      assert.match(e.message, pattern);
      return true;
    });
    const after = await query(db.url, "select count(*)::int as n from pg_class where relname = 'extra'");
    assert.deepStrictEqual(after, before, "the refused update changed the database");
    assert.strictEqual(await body("touch"), touchBody);
  };
  const extraTable = { extra: { columns: { id: { type: "bigint", primaryKey: true } } } };

  it("a trigger on an unknown function fails before any change, naming the trigger", async () => {
    const tables = {
      ...v1.tables,
      ...extraTable,
      items: {
        ...v1.tables.items,
        triggers: { items_touch: { ...v1.tables.items.triggers.items_touch, function: "nope" } },
      },
    };
    await refused(
      { ...v1, version: "1.0.1", tables },
      /table "items", trigger "items_touch": function "public.nope" is not declared/,
    );
  });

  it("a body Postgres rejects fails before any change, naming the function", async () => {
    const functions = {
      ...v1.functions,
      broken: { returns: "integer", language: "plpgsql", body: "begin retur 1; end" },
    };
    await refused(
      { ...v1, version: "1.0.2", tables: { ...v1.tables, ...extraTable }, functions },
      /function public\.broken\(\)[\s\S]*syntax error/,
    );
  });

  it("a body that smuggles a second statement outside its quotes fails before any change", async () => {
    const functions = {
      ...v1.functions,
      touch: { ...v1.functions.touch, body: "begin return new; end $$; drop table items; --" },
    };
    await refused(
      { ...v1, version: "1.0.3", tables: { ...v1.tables, ...extraTable }, functions },
      /function "touch": body has an unterminated dollar quote \$\$/,
    );
    assert.strictEqual((await query(db.url, "select 1 from pg_class where relname = 'items'")).length, 1);
  });

  it("a function and a trigger removed from the program are dropped; a hand-made trigger is left alone", async () => {
    await setSpec(v1);
    await query(
      db.url,
      "create trigger hand_made after insert on public.items for each statement execute function public.touch()",
    );
    const { item_count: _dropped, ...functions } = v1.functions;
    const items = { ...v1.tables.items, triggers: {} };
    const up = await stack.up({ onOutput: () => undefined });
    assert.strictEqual(up.summary.result, "succeeded");
    await setSpec({ ...v1, version: "1.1.0", tables: { items }, functions });
    const removed = await stack.up();
    assert.strictEqual(removed.summary.result, "succeeded");
    const triggers = await query<{ tgname: string }>(
      db.url,
      "select tgname from pg_trigger where not tgisinternal order by 1",
    );
    assert.deepStrictEqual(
      triggers.map((t) => t.tgname),
      ["hand_made"],
    );
    assert.strictEqual(await body("item_count"), undefined);
    assert.strictEqual(await body("touch"), touchBody);
  });
});
