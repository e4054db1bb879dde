// Issue 15 against real Postgres: a database made by hand with serial columns, standalone
// sequences, extensions (citext, pg_trgm), a second schema and an aggregate is read back as a
// declaration that plans to nothing; a sequence option changed by hand is put back without
// touching its current value; bad inputs fail before any change, naming the object; the CLI
// lists what it does not manage.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaValidationError, fromSpec, toSpec } from "../../../core/model";
import { toTypeScript } from "../../../cli/to-typescript";
import { buildPlan } from "../../../core/plan";
import { renderModel } from "../../../core/render";
import { TestDatabase, createTestDatabase } from "../../support/env";

const bin = path.join(__dirname, "../../../cli/bin/schemastack");

const handMade = `
  create extension citext;
  create extension pg_trgm;
  create schema billing;
  create table employees (employee_id bigserial primary key, email citext not null unique,
                          name text not null, badge smallserial);
  create index employees_name_trgm on employees using gin (name gin_trgm_ops);
  create index employees_badge_idx on employees (badge) with (fillfactor = 70);
  comment on index employees_badge_idx is 'badge lookups';
  create sequence invoice_numbers as integer start 1000 increment 10 cache 5;
  create table billing.invoices (id serial primary key, number integer not null default nextval('invoice_numbers'),
                                 amount numeric check (amount > 0) no inherit);
  comment on constraint invoices_amount_check on billing.invoices is 'no refunds here';
  create aggregate public.total_len(text) (sfunc = textcat, stype = text);
  create statistics public.employees_stats on email, name from public.employees;
  create rule employees_keep as on delete to public.employees do instead nothing;
  insert into employees (email, name) values ('A@x.org', 'ann'), ('b@x.org', 'bob');
  insert into billing.invoices (amount) values (5), (7);
`;

describe("sequences, serial columns and extensions (issue 15)", function () {
  let db: TestDatabase;
  let client: Client;
  before(async () => {
    db = await createTestDatabase("core_seq");
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(handMade);
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  it("inspect prints serial columns as serial and extensions, and that declaration plans to nothing", async () => {
    const live = await introspect(client, { schemas: ["public", "billing"] });
    const spec = toSpec(live.model);
    const employees = spec.schemas.public.tables!.employees;
    assert.deepEqual(employees.columns.employee_id, { type: "bigserial", primaryKey: true });
    assert.deepEqual(employees.columns.badge, { type: "smallserial" });
    assert.equal(employees.columns.email.type, "public.citext");
    assert.deepEqual(spec.schemas.billing.tables!.invoices.columns.id, { type: "serial", primaryKey: true });
    assert.deepEqual(Object.keys(spec.schemas.public.sequences ?? {}), ["invoice_numbers"]);
    assert.deepEqual(spec.schemas.public.sequences!.invoice_numbers, {
      type: "integer",
      increment: 10,
      start: 1000,
      cache: 5,
    });
    assert.deepEqual(spec.schemas.public.extensions, {
      citext: { version: "1.6" },
      pg_trgm: { version: "1.6" },
    });
    assert.deepEqual(employees.indexes!.employees_badge_idx, {
      columns: ["badge"],
      with: { fillfactor: "70" },
      comment: "badge lookups",
    });
    const check = spec.schemas.billing.tables!.invoices.constraints!.invoices_amount_check;
    assert.deepEqual(check, {
      type: "check",
      expression: "(amount > (0)::numeric)",
      noInherit: true,
      comment: "no refunds here",
    });
    assert.ok(live.unmanaged.some((u) => u.kind === "aggregate" && u.name.startsWith("total_len")));
    assert.ok(!live.unmanaged.some((u) => u.kind === "sequence"), "sequences are managed now");
    // the printed declaration, validated and rendered, is the live database
    const desired = await renderModel(db.url, fromSpec(JSON.parse(JSON.stringify(spec))));
    assert.deepEqual(
      buildPlan(live, desired).steps.map((s) => s.description),
      [],
    );
    assert.match(toTypeScript(live.model), /db\.extension\("citext", \{ version: "1\.6" \}\);/);
    assert.match(toTypeScript(live.model), /db\.sequence\("invoice_numbers", /);
    assert.match(toTypeScript(live.model), /db\.schema\("billing"\);/);
  });

  it("a sequence option changed by hand is put back and the current value is kept", async () => {
    await client.query("select nextval('invoice_numbers') from generate_series(1, 3)"); // 1000, 1010, 1020
    const desired = fromSpec(toSpec((await introspect(client, { schemas: ["public", "billing"] })).model));
    await client.query("alter sequence invoice_numbers increment by 99 maxvalue 5000");
    const applied = await applySchema(client, desired);
    assert.deepEqual(
      applied.plan.steps.map((s) => s.sql),
      ["ALTER SEQUENCE public.invoice_numbers INCREMENT BY 10 MAXVALUE 2147483647"],
    );
    const next = await client.query<{ n: string }>("select nextval('invoice_numbers') as n");
    // Not restarted: past the values handed out (this session's cached ones were discarded).
    assert.ok(Number(next.rows[0].n) > 1020 && Number(next.rows[0].n) % 10 === 0, next.rows[0].n);
  });

  it("a descending sequence turned ascending starts over only if it never handed out a value", async () => {
    // Fuzz seeds 2816 and 20037: the ALTER failed ("RESTART value (-1) cannot be less than MINVALUE (1)").
    await client.query(
      "create sequence fresh_countdown increment -1; create sequence used_countdown increment -1",
    );
    await client.query("select nextval('used_countdown') from generate_series(1, 3)"); // -1, -2, -3
    const live = toSpec((await introspect(client, { schemas: ["public", "billing"] })).model);
    const withSequences = (fresh: object, used: object) =>
      fromSpec({
        ...live,
        schemas: {
          ...live.schemas,
          public: {
            ...live.schemas.public,
            sequences: { ...live.schemas.public.sequences, fresh_countdown: fresh, used_countdown: used },
          },
        },
      });
    // Never used: it starts over at its new start, 1.
    await applySchema(client, withSequences({}, { increment: -1 }));
    assert.equal(
      (await client.query<{ n: string }>("select nextval('fresh_countdown') as n")).rows[0].n,
      "1",
    );
    // Used down to -3: never reset under what it handed out; Postgres refuses, and nothing changes.
    await assert.rejects(
      applySchema(client, withSequences({}, {})),
      /used_countdown[\s\S]*cannot be less than MINVALUE/,
    );
    assert.equal(
      (await client.query<{ n: string }>("select nextval('used_countdown') as n")).rows[0].n,
      "-4",
    );
    await client.query("drop sequence fresh_countdown, used_countdown");
  });

  it("bad inputs fail before any change, naming the object", async () => {
    assert.throws(
      () =>
        fromSpec({
          schemas: {
            public: { tables: { t: { columns: { id: { type: "serial", default: "42" } } } } },
          },
        }),
      (e: Error) =>
        e instanceof SchemaValidationError &&
        /table "t", column "id": a serial column cannot also declare a default/.test(e.message),
    );
    const unknown = fromSpec({ schemas: { public: { extensions: { citextt: {} } } } });
    await assert.rejects(renderModel(db.url, unknown), /extension "citextt" is not available/);
    const live = await introspect(client, { schemas: ["public"] });
    assert.ok(!live.model.extensions?.some((x) => x.name === "citextt"));
  });

  it("the CLI lists what it does not manage by name", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-seq-"));
    try {
      const inspect = spawnSync(process.execPath, [bin, "inspect", "--database-url", db.url], {
        encoding: "utf8",
      });
      assert.equal(inspect.status, 0, inspect.stderr);
      assert.match(inspect.stderr, /not managed: aggregate public\.total_len\(text\)/);
      assert.match(inspect.stderr, /not managed: statistics public\.employees_stats/);
      assert.match(inspect.stderr, /not managed: rule public\.employees\.employees_keep/);
      // Objects of extensions (citext's operators, pg_trgm's operator classes) are theirs, not listed.
      assert.doesNotMatch(inspect.stderr, /not managed: operator|gin_trgm_ops/);
      fs.writeFileSync(path.join(dir, "spec.json"), inspect.stdout);
      const plan = spawnSync(
        process.execPath,
        [bin, "plan", "--database-url", db.url, "--desired", path.join(dir, "spec.json")],
        { encoding: "utf8" },
      );
      assert.equal(plan.status, 0, plan.stderr);
      assert.match(plan.stdout, /no changes/);
      assert.match(plan.stderr, /not managed: aggregate public\.total_len\(text\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a .sql desired file with serial columns, a sequence and an extension applies and converges", async () => {
    const target = await createTestDatabase("core_seq_sql");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-seq-sql-"));
    try {
      const file = path.join(dir, "schema.sql");
      fs.writeFileSync(
        file,
        `create extension citext;
         create sequence order_numbers start 100;
         create table customers (id bigserial primary key, email citext not null unique);
         create table orders (id serial primary key, number bigint not null default nextval('order_numbers'),
                              customer_id bigint not null references customers(id));`,
      );
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [bin, ...args, "--database-url", target.url, "--desired", file], {
          encoding: "utf8",
        });
      const apply = cli("apply");
      assert.equal(apply.status, 0, apply.stdout + apply.stderr);
      const plan = cli("plan");
      assert.equal(plan.status, 0, plan.stderr);
      assert.match(plan.stdout, /no changes/);
      const check = new Client({ connectionString: target.url });
      await check.connect();
      try {
        await check.query("insert into customers (email) values ('Ann@X.org')");
        await assert.rejects(
          check.query("insert into customers (email) values ('ann@x.org')"),
          /duplicate key/,
        );
        const order = await check.query<{ id: number; number: string }>(
          "insert into orders (customer_id) values (1) returning id, number::text",
        );
        assert.deepEqual(order.rows[0], { id: 1, number: "100" });
      } finally {
        await check.end();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.drop();
    }
  });
});
