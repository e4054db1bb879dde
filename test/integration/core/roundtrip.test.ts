import { strict as assert } from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { describeDifferences, emptySchemaModel, sameSchema } from "../../../core/model";
import { planChanges } from "../../../core/plan";
import { TestDatabase, createTestDatabase } from "../../support/env";

const ddl = `
  create schema sales;
  create type mood as enum ('happy', 'sad', 'it''s complicated');
  create table users (
    id bigint generated always as identity primary key,
    email text not null collate "C",
    name varchar(20) default 'x',
    m mood default 'happy',
    tags text[],
    price numeric(10,2) check (price > 0),
    created timestamptz default now(),
    up text generated always as (upper(email)) stored,
    "Weird Name" int,
    unique nulls not distinct (name, m)
  );
  comment on table users is 'the users';
  comment on column users.email is 'e''mail \\ back';
  create unique index users_lower on users (lower(email)) where name is not null;
  create index users_multi on users (name desc nulls last, email text_pattern_ops) include (price);
  create index users_tags on users using gin (tags);
  create index users_brin on users using brin (created);
  create index users_hash on users using hash (email);
  create table sales.orders (id int primary key, uid bigint references users(id) on delete cascade deferrable initially deferred,
                             amount numeric, unique (id, uid));
  alter table sales.orders add constraint amount_positive check (amount >= 0);
  create unlogged table logs (x int, at timestamp(3) without time zone);
  create view v as select 1 as one;
  create function f() returns int language sql as 'select 1';
  create aggregate total_len(text) (sfunc = textcat, stype = text);
`;

describe("core introspection round trip", function () {
  let source: TestDatabase;
  let target: TestDatabase;
  const clients: Client[] = [];
  const connect = async (url: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  };
  before(async () => {
    source = await createTestDatabase("core_rt_src");
    target = await createTestDatabase("core_rt_dst");
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await source?.drop();
    await target?.drop();
  });

  it("inspect -> apply to an empty database -> inspect gives the same model", async () => {
    const src = await connect(source.url);
    await src.query(ddl);
    const live = await introspect(src);
    assert.deepEqual(
      live.unmanaged.filter((u) => u.kind !== "schema").map((u) => `${u.kind} ${u.schema}.${u.name}`),
      ["aggregate public.total_len(text)"],
    );
    // Views are part of the model now (issue 16), not of the unmanaged listing.
    assert.deepEqual(
      live.model.views?.map((v) => `${v.schema}.${v.name}: ${v.definition}`),
      ["public.v: SELECT 1 AS one"],
    );
    assert.deepEqual(live.model.schemas, ["public", "sales"]);
    assert.equal(live.model.tables.length, 3);

    const dst = await connect(target.url);
    const result = await applySchema(dst, live.model);
    assert.ok(result.executedSteps > 5);
    const again = await introspect(dst);
    assert.ok(sameSchema(live.model, again.model), describeDifferences(live.model, again.model).join("\n"));
    assert.deepEqual(
      again.unmanaged.filter((u) => u.kind !== "schema"),
      [],
    );

    // idempotent: the second plan is empty
    assert.deepEqual(planChanges(again, live.model).steps, []);
    const second = await applySchema(dst, live.model);
    assert.equal(second.executedSteps, 0);
  });

  it("never drops unmanaged objects or unlisted schemas", async () => {
    const src = clients[0];
    const desired = emptySchemaModel(["sales"]);
    const steps = planChanges(await introspect(src), desired, { allowDataLoss: true }).steps;
    assert.deepEqual(
      steps.map((s) => s.objectKey),
      ["table:sales.orders"],
    );
  });
});
