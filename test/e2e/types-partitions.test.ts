// Issue 15 (domains, composite types, partitioned tables, exclusion constraints) through the real
// pulumi CLI: `schemastack inspect --format ts` of a database holding all four is a program that
// `pulumi up` adopts with no change; then a hand-made change to a domain check and to a partition
// bound each shows as drift in `preview`, and `up` puts them back.
import * as assert from "assert";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector } from "../support/pulumi";
import { inspectProgram, openAdoptedStack } from "../support/adopt";
import { query } from "../support/sql";

/** Everything of schema public these kinds consist of, plus row counts: equal means unchanged. */
async function catalogDigest(url: string): Promise<string> {
  const rows = await query<{ d: string }>(
    url,
    `select md5(string_agg(x, '|' order by x)) as d from (
       select format('%s %s %s %s', t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.oid)
         from pg_type t where t.typnamespace = 'public'::regnamespace and t.typtype in ('d', 'c')
       union all select conname || pg_get_constraintdef(oid) || oid from pg_constraint where connamespace = 'public'::regnamespace
       union all select c.relname || coalesce(pg_get_expr(c.relpartbound, c.oid), '') || c.oid
         from pg_class c where c.relnamespace = 'public'::regnamespace
       union all select (select count(*) from public.events)::text || '/' || (select count(*) from public.bookings)::text
     ) s(x)`,
  );
  return rows[0]!.d;
}

const warnings = (events: EngineEvent[]) =>
  events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());

describe("domains, composite types, partitions and exclusion constraints through the real pulumi CLI", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  before(async () => {
    db = await createTestDatabase("types");
    await query(
      db.url,
      `create domain positive as integer default 1 not null constraint positive_check check (value > 0);
       create type address as (street text, number integer);
       create table events (id bigint not null, at date not null, qty positive, home address,
                            primary key (id, at)) partition by range (at);
       create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
       create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
       create table events_other partition of events default;
       create index events_qty_idx on events (qty);
       create table bookings (id bigint generated always as identity primary key, during tsrange not null,
                              constraint bookings_no_overlap exclude using gist (during with &&));
       insert into events values (1, '2024-03-01', 2, null), (2, '2025-03-01', 3, '(Main St,4)'), (3, '2030-01-01', 1, null);
       insert into bookings (during) values ('[2024-01-01 10:00, 2024-01-01 11:00)');`,
    );
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("inspect --format ts, then up: adopted with no change, and the next preview is clean", async () => {
    const { program } = inspectProgram(db.url, ["--schema", "public"]);
    assert.match(program, /db\.domain\("positive"/);
    assert.match(program, /db\.compositeType\("address"/);
    assert.match(program, /partitionBy: "RANGE \(at\)"/);
    assert.match(program, /type: "exclusion"/);
    ({ stack } = await openAdoptedStack("types", db.url, program));
    const before = await catalogDigest(db.url);
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await catalogDigest(db.url), before, "adoption changed the database");
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("a domain check changed by hand is drift in preview, and up restores it", async () => {
    await query(
      db.url,
      `alter domain positive drop constraint positive_check;
       alter domain positive add constraint positive_check check (value > -5)`,
    );
    const events = eventCollector();
    const preview = await stack.preview({ onEvent: events.onEvent });
    assert.ok((preview.changeSummary.update ?? 0) >= 1, JSON.stringify(preview.changeSummary));
    const drift = warnings(events.events).filter((w) => w.includes('domain "public.positive"'));
    assert.ok(
      drift.some((w) => /checks/.test(w) && /-5/.test(w)),
      warnings(events.events).join("\n"),
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const [row] = await query<{ def: string }>(
      db.url,
      `select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'positive_check'`,
    );
    assert.strictEqual(row.def, "CHECK ((VALUE > 0))");
    const after = await stack.preview();
    assert.deepStrictEqual(Object.keys(after.changeSummary), ["same"], JSON.stringify(after.changeSummary));
  });

  it("a partition re-bounded by hand is drift in preview, and up restores its bound", async () => {
    await query(
      db.url,
      `alter table events detach partition events_2025;
       alter table events attach partition events_2025 for values from ('2025-01-01') to ('2025-06-01')`,
    );
    const events = eventCollector();
    const preview = await stack.preview({ onEvent: events.onEvent });
    assert.ok((preview.changeSummary.update ?? 0) >= 1, JSON.stringify(preview.changeSummary));
    const drift = warnings(events.events).filter((w) => w.includes('table "public.events"'));
    assert.ok(
      drift.some((w) => /partitions/.test(w) && /2025-06-01/.test(w)),
      warnings(events.events).join("\n"),
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const [row] = await query<{ bound: string }>(
      db.url,
      `select pg_get_expr(relpartbound, oid) as bound from pg_class where relname = 'events_2025'`,
    );
    assert.strictEqual(row.bound, "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
    const [count] = await query<{ n: string }>(db.url, "select count(*) as n from events");
    assert.strictEqual(Number(count.n), 3, "rows lost");
    const after = await stack.preview();
    assert.deepStrictEqual(Object.keys(after.changeSummary), ["same"], JSON.stringify(after.changeSummary));
  });
  it("a partition detached by hand is drift in preview, and up attaches it again with its rows", async () => {
    await query(db.url, "alter table events detach partition events_2025");
    const events = eventCollector();
    const preview = await stack.preview({ onEvent: events.onEvent });
    assert.ok((preview.changeSummary.update ?? 0) >= 1, JSON.stringify(preview.changeSummary));
    const drift = warnings(events.events).filter((w) => w.includes('table "public.events"'));
    assert.ok(
      drift.some((w) => /partitions/.test(w)),
      warnings(events.events).join("\n"),
    );
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const [row] = await query<{ bound: string }>(
      db.url,
      `select pg_get_expr(relpartbound, oid) as bound from pg_class where relname = 'events_2025'`,
    );
    assert.strictEqual(row.bound, "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
    const [count] = await query<{ n: string }>(db.url, "select count(*) as n from events");
    assert.strictEqual(Number(count.n), 3, "rows lost");
    const after = await stack.preview();
    assert.deepStrictEqual(Object.keys(after.changeSummary), ["same"], JSON.stringify(after.changeSummary));
  });
});
