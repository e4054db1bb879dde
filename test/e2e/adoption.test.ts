// Adoption: `schemastack inspect --format ts` of an existing database is a program that `pulumi up`
// adopts without changing the database, after which preview is clean.
import * as assert from "assert";
import type { Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { inspectProgram, openAdoptedStack } from "../support/adopt";
import { query } from "../support/sql";

/** A digest of the catalog of schema public (columns, constraints, indexes) and of the rows. */
async function fingerprintOf(url: string): Promise<string> {
  const rows = await query<{ d: string }>(
    url,
    `select md5(string_agg(x, '|' order by x)) as d from (
       select format('%s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped
       union all select pg_get_constraintdef(oid) || conname from pg_constraint where connamespace = 'public'::regnamespace
       union all select indexdef from pg_indexes where schemaname = 'public'
       union all select (select count(*) from public.teams)::text || '/' || (select count(*) from public.members)::text
     ) s(x)`,
  );
  return rows[0]!.d;
}

describe("adopting an existing database from `schemastack inspect --format ts`", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  before(async () => {
    db = await createTestDatabase("adopt");
    await query(
      db.url,
      `create type role as enum ('owner', 'member');
       create table teams (id bigint generated always as identity primary key, name text not null unique,
                           created_at timestamptz not null default now());
       create table members (team_id bigint not null references teams(id) on delete cascade,
                             email text not null, role role not null default 'member',
                             primary key (team_id, email), check (position('@' in email) > 1));
       create index members_email_idx on members (lower(email));
       insert into teams (name) values ('core'), ('infra');
       insert into members values (1, 'a@x', 'owner'), (2, 'b@x', 'member');`,
    );
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up adopts the database unchanged and the next preview reports no changes", async () => {
    const { program } = inspectProgram(db.url, ["--schema", "public"]);
    assert.match(program, /db\.table\("members"/);
    ({ stack } = await openAdoptedStack("adopt", db.url, program));
    const before = await fingerprintOf(db.url);
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await fingerprintOf(db.url), before, "adoption changed the database");
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });
});
