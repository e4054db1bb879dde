// One behavioural suite for every branch driver: each driver test file calls branchDriverSuite with a
// fixture factory, so the local driver and the neon driver (over HTTP to the stand-in) pass the same tests.
import * as assert from "assert";
import { Client } from "pg";
import { BranchDriver, BranchHandle } from "../../../core/branch";

export interface DriverFixture {
  driver: BranchDriver;
  /** What createBranch takes as parent (local: the parent URL; neon: the root branch id). */
  parent: string;
  /** Where the test reads and writes the parent's data. */
  parentUrl: string;
  /** What is still there of a deleted branch (databases, folders, processes), described; [] when nothing. */
  leftovers(handle: BranchHandle): Promise<string[]>;
  teardown(): Promise<void>;
}

/** Fills an empty database with a small schema across two schemas, a view, a sequence and rows. */
export async function seedParent(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`
      create table items (id bigint generated always as identity primary key, name text not null, note text);
      create unique index items_name_key on items (name);
      create schema billing;
      create table billing.invoices (
        id bigserial primary key,
        item_id bigint not null references items (id),
        amount numeric(10, 2) check (amount >= 0));
      create view item_names as select name from items;
      insert into items (name, note) select 'item ' || g, case when g % 3 = 0 then null else 'n' || g end
        from generate_series(1, 500) g;
      insert into billing.invoices (item_id, amount) select id, id * 1.5 from items where id % 2 = 0;
    `);
  });
}

export function branchDriverSuite(title: string, setup: () => Promise<DriverFixture>): void {
  describe(`branch driver suite: ${title}`, function () {
    this.timeout(120_000);
    let fx: DriverFixture;
    const live = new Set<BranchHandle>();
    let counter = 0;

    async function create(): Promise<BranchHandle> {
      const name = `sb_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const handle = await fx.driver.createBranch(fx.parent, { name });
      live.add(handle);
      return handle;
    }

    async function remove(handle: BranchHandle): Promise<void> {
      await fx.driver.deleteBranch(handle);
      live.delete(handle);
    }

    before(async () => {
      fx = await setup();
    });

    after(async () => {
      for (const handle of live) await fx.driver.deleteBranch(handle).catch(() => undefined);
      await fx?.teardown();
    });

    it("creates a branch with the parent's schema and rows", async () => {
      const handle = await create();
      assert.strictEqual(handle.parent, fx.parent);
      assert.deepStrictEqual(await snapshot(handle.connectionUrl), await snapshot(fx.parentUrl));
      const { count } = await one<{ count: string }>(handle.connectionUrl, "select count(*) from items");
      assert.strictEqual(count, "500");
      await remove(handle);
    });

    it("keeps writes to the branch away from the parent", async () => {
      const before = await snapshot(fx.parentUrl);
      const handle = await create();
      await withClient(handle.connectionUrl, async (c) => {
        await c.query("insert into items (name) values ('only on the branch')");
        await c.query("update items set note = 'changed' where id <= 10");
        await c.query("drop view item_names");
        await c.query("alter table billing.invoices add column paid boolean");
      });
      assert.deepStrictEqual(await snapshot(fx.parentUrl), before);
      assert.notDeepStrictEqual(await snapshot(handle.connectionUrl), before);
      await remove(handle);
    });

    it("resets a branch to the parent's current state", async () => {
      const handle = await create();
      await withClient(handle.connectionUrl, (c) =>
        c.query("delete from billing.invoices; drop table billing.invoices"),
      );
      // The parent moves on after the branch was made: reset must bring the branch to the new state.
      await withClient(fx.parentUrl, (c) =>
        c.query("insert into items (name) values ($1)", [`after branch ${counter}`]),
      );
      const reset = await fx.driver.resetBranch(handle);
      live.delete(handle);
      live.add(reset);
      assert.strictEqual(reset.id, handle.id);
      assert.deepStrictEqual(await snapshot(reset.connectionUrl), await snapshot(fx.parentUrl));
      await remove(reset);
    });

    it("lists its branches and deletes them leaving nothing behind", async () => {
      const handle = await create();
      assert.ok(
        (await fx.driver.listBranches()).some((b) => b.id === handle.id),
        "the new branch is listed",
      );
      await remove(handle);
      assert.ok(
        !(await fx.driver.listBranches()).some((b) => b.id === handle.id),
        "the deleted branch is not listed",
      );
      assert.deepStrictEqual(await fx.leftovers(handle), []);
      await fx.driver.deleteBranch(handle); // deleting twice is not an error
    });
  });
}

/** Schema (from pg_catalog) and a digest of every row: equal snapshots mean equal databases for us. */
export async function snapshot(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (c) => {
    const rows = async (sql: string) => (await c.query<{ x: string }>(sql)).rows.map((r) => r.x);
    return {
      columns: await rows(`
        select n.nspname || '.' || cl.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || case when a.attnotnull then ' not null' else '' end as x
          from pg_attribute a join pg_class cl on cl.oid = a.attrelid join pg_namespace n on n.oid = cl.relnamespace
         where a.attnum > 0 and not a.attisdropped and n.nspname in ('public', 'billing') order by 1`),
      constraints: await rows(`
        select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as x
          from pg_constraint where connamespace in ('public'::regnamespace, 'billing'::regnamespace) order by 1`),
      indexes: await rows(
        `select indexdef as x from pg_indexes where schemaname in ('public', 'billing') order by 1`,
      ),
      views: await rows(
        `select viewname || ': ' || definition as x from pg_views where schemaname = 'public' order by 1`,
      ),
      items: await rows(
        `select count(*) || ' ' || md5(string_agg(t::text, ',' order by id)) as x from items t`,
      ),
      invoices: await rows(`
        select count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' order by id)), '') as x from billing.invoices t
         where to_regclass('billing.invoices') is not null`),
    };
  }).catch(async (error: Error) => {
    // billing.invoices may be gone on a branch: report what is there instead of failing the snapshot.
    if (/billing\.invoices/.test(error.message)) return { error: [error.message] };
    throw error;
  });
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function one<T extends object>(url: string, sql: string): Promise<T> {
  return withClient(url, async (c) => (await c.query<T & Record<string, unknown>>(sql)).rows[0]);
}
