// Issue 15 on real Postgres, beyond the corpus: what introspection leaves alone is listed by name
// (an index or constraint made on one partition only, a partition in another schema, a
// sub-partitioned partition), never silently ignored; the managed partitions are in the model
// and nowhere in that list; and a plan over them keeps every one of those objects.
import { strict as assert } from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { toSpec } from "../../../core/model";
import { TestDatabase, createTestDatabase } from "../../support/env";

describe("partitions, domains and composite types: introspection on real Postgres", function () {
  let db: TestDatabase;
  let client: Client;
  before(async () => {
    db = await createTestDatabase("types_introspection");
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`
      create schema archive;
      create domain positive as integer check (value > 0);
      create table events (id bigint not null, at date not null, qty positive, region text not null)
        partition by range (at);
      create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
      create index events_2024_local_idx on events_2024 (qty);
      alter table events_2024 add constraint events_2024_local_check check (qty < 1000);
      create table archive.events_2020 partition of events for values from ('2020-01-01') to ('2021-01-01');
      create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01')
        partition by list (region);
      create table events_2025_eu partition of events_2025 for values in ('eu');
      insert into events values (1, '2024-05-01', 3, 'eu'), (2, '2020-05-01', 4, 'eu'), (3, '2025-05-01', 5, 'eu');`);
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  it("lists what it does not manage by name and keeps it through a no-op apply", async () => {
    const live = await introspect(client, { schemas: ["public"] });
    const events = live.model.tables.find((t) => t.name === "events")!;
    assert.equal(events.partitionBy, "RANGE (at)");
    assert.deepEqual(
      events.partitions?.map((p) => p.name),
      ["events_2024"],
    );
    assert.ok(!live.model.tables.some((t) => t.name.startsWith("events_")), "a partition read as a table");
    const unmanaged = live.unmanaged.map((u) => `${u.kind}: ${u.schema}.${u.name}`);
    for (const expected of [
      "index of a partition: public.events_2024.events_2024_local_idx",
      "constraint of a partition: public.events_2024.events_2024_local_check",
      "partition in another schema: archive.events_2020 (of public.events)",
      "partitioned partition: public.events_2025 (of public.events)",
    ])
      assert.ok(unmanaged.includes(expected), `${expected} not in:\n${unmanaged.join("\n")}`);
    assert.ok(!unmanaged.some((u) => /domain|events_2024 \(/.test(u)), unmanaged.join("\n"));
    assert.deepEqual(toSpec(live.model).schemas.public.domains, {
      positive: { type: "integer", checks: { positive_check: "(VALUE > 0)" } },
    });
    // Applying what was read changes nothing and keeps what is not managed.
    const applied = await applySchema(client, live.model, { budget: { lockTimeoutMs: 5000 } });
    assert.deepEqual(
      applied.plan.steps.map((s) => s.description),
      [],
    );
    const { rows } = await client.query<{ n: string }>("select count(*) as n from events");
    assert.equal(Number(rows[0].n), 3);
  });
});
