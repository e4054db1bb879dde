// Introspection on a client in pg's pipeline mode (the CLI's plan and the render's read-back) sends
// its catalog reads together: the same result as one read after the other, in fewer round trips,
// and a failing read is the error reported, as one read after the other would report it.
import { strict as assert } from "assert";
import type { Client } from "pg";
import { introspect } from "../../../core/introspect";
import { functionsQuery } from "../../../core/introspect/functions";
import type { Queryable } from "../../../core/introspect/queryable";
import { connectClient } from "../../../core/pg/with-client";
import { TestDatabase, createTestDatabase } from "../../support/env";

describe("introspection on a pipelined client (real Postgres)", function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let sequential: Client;
  let pipelined: Client;
  before(async () => {
    db = await createTestDatabase("introspect_pipelined");
    sequential = await connectClient(db.url);
    pipelined = await connectClient(db.url, { pipeline: true });
    // Something for every read: enums, tables, constraints, indexes, a sequence, a view, a function,
    // a trigger, a domain, a composite type, a partitioned table, an exclusion constraint, a policy
    // and grants, and an unmanaged schema.
    await sequential.query(`
      create extension if not exists btree_gist;
      create schema other;
      create type mood as enum ('ok', 'meh');
      create domain positive as integer check (value > 0);
      create type pair as (a integer, b text);
      create sequence tickets;
      create table people (id bigint primary key, name text not null unique, mood mood, qty positive);
      create table pets (id bigint primary key, owner bigint references people (id) on delete cascade,
        during tstzrange, exclude using gist (owner with =, during with &&));
      create index pets_owner_idx on pets (owner) where owner is not null;
      create table events (id bigint not null, at date not null) partition by range (at);
      create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
      create view named as select id, name from people;
      create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
      create trigger people_touch before update on people for each row execute function touch();
      alter table people enable row level security;
      create policy own on people using (name = current_user);
      grant select on people to public;`);
  });
  after(async () => {
    await sequential?.end();
    await pipelined?.end();
    await db?.drop();
  });

  it("reads what one read after the other reads", async () => {
    for (const schemas of [["public"], ["public", "other", "absent"], undefined]) {
      const one = await introspect(sequential, { schemas });
      const together = await introspect(pipelined, { schemas });
      assert.deepEqual(together, one, `schemas ${JSON.stringify(schemas)}`);
      assert.ok(one.model.tables.length >= 3 && one.model.views?.length && one.model.functions?.length);
    }
  });

  it("a failing read is the error reported (not the reads the aborted transaction failed after it), and the client stays usable", async () => {
    // The functions read fails (division by zero) on the pipelined client: the reads sent after it
    // in the same transaction fail too ("current transaction is aborted"), and are not what is said.
    const failing: Queryable = {
      pipeline: true,
      query: <R extends object>(text: string, values?: unknown[]) =>
        text === functionsQuery
          ? pipelined.query<R & Record<string, unknown>>("select 1 / 0 as never")
          : pipelined.query<R & Record<string, unknown>>(text, values),
    };
    await assert.rejects(introspect(failing, { schemas: ["public"] }), (error: { code?: string }) => {
      assert.equal(error.code, "22012");
      return true;
    });
    assert.deepEqual(
      await introspect(pipelined, { schemas: ["public"] }),
      await introspect(sequential, { schemas: ["public"] }),
    );
  });
});
