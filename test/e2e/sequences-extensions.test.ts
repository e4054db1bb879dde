// Issue 15 through the real pulumi CLI: a database holding serial columns, a standalone sequence,
// extensions (citext, pg_trgm) and a second schema is adopted from `schemastack inspect --format ts`
// with no changes; a sequence option changed by hand shows as drift in `preview` and `up` puts it
// back without restarting the sequence; renamed sequences (a standalone one, and a serial's with its
// table and column) keep their values.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector } from "../support/pulumi";
import { inspectProgram, openAdoptedStack } from "../support/adopt";
import { query } from "../support/sql";

/** Catalog digest of the two schemas (columns, defaults, constraints, indexes, sequences) and the rows. */
async function fingerprintOf(url: string): Promise<string> {
  const rows = await query<{ d: string }>(
    url,
    `select md5(string_agg(x, '|' order by x)) as d from (
       select format('%s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname in ('public', 'billing') and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
       union all select pg_get_constraintdef(oid) || conname from pg_constraint where connamespace in ('public'::regnamespace, 'billing'::regnamespace)
       union all select indexdef from pg_indexes where schemaname in ('public', 'billing')
       union all select format('%s %s %s %s %s', seqrelid::regclass, seqincrement, seqmax, seqcache, seqcycle) from pg_sequence s join pg_class c on c.oid = s.seqrelid where c.relnamespace in ('public'::regnamespace, 'billing'::regnamespace)
       union all select extname || extversion from pg_extension
       union all select (select count(*) from public.employees)::text || '/' || (select count(*) from billing.invoices)::text
     ) s(x)`,
  );
  return rows[0]!.d;
}

describe("sequences, serial columns and extensions through pulumi (issue 15)", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let stack: Stack;

  before(async () => {
    db = await createTestDatabase("seq_e2e");
    await query(
      db.url,
      `create extension citext;
       create extension pg_trgm;
       create schema billing;
       create table employees (employee_id bigserial primary key, email citext not null unique, name text not null);
       create index employees_name_trgm on employees using gin (name gin_trgm_ops);
       create sequence invoice_numbers as integer start 1000 increment 10;
       create table billing.invoices (id serial primary key, amount numeric not null);
       insert into employees (email, name) values ('Ann@x.org', 'ann'), ('bob@x.org', 'bob');
       insert into billing.invoices (amount) values (5), (7);
       select nextval('invoice_numbers') from generate_series(1, 3);`,
    );
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up of what inspect printed adopts the database with no changes", async () => {
    const { program } = inspectProgram(db.url);
    assert.match(program, /employee_id: \{ type: "bigserial", primaryKey: true \}/);
    assert.match(program, /db\.extension\("citext"/);
    assert.match(program, /db\.sequence\("invoice_numbers"/);
    ({ stack } = await openAdoptedStack("seq-adopt", db.url, program));
    const before = await fingerprintOf(db.url);
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await fingerprintOf(db.url), before, "adoption changed the database");
    const preview = await stack.preview({ diff: true });
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary) + preview.stdout,
    );
  });

  it("a sequence option changed by hand is drift in preview, and up repairs it keeping the current value", async () => {
    await query(db.url, "alter sequence invoice_numbers increment by 7 cycle");
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    assert.ok((preview.changeSummary.update ?? 0) >= 1, JSON.stringify(preview.changeSummary));
    const warnings = events
      .map((e) => e.diagnosticEvent)
      .filter((d) => d && d.severity === "warning")
      .map((d) => d!.message)
      .join("\n");
    assert.match(
      warnings,
      /drift: sequence "public\.invoice_numbers": increment is "7" in the database, declared "10"/,
    );
    assert.match(
      warnings,
      /drift: sequence "public\.invoice_numbers": cycle is true in the database, declared false/,
    );

    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const seq = await query<{ seqincrement: string; seqcycle: boolean }>(
      db.url,
      "select seqincrement::text, seqcycle from pg_sequence where seqrelid = 'public.invoice_numbers'::regclass",
    );
    assert.deepStrictEqual(seq[0], { seqincrement: "10", seqcycle: false });
    const next = await query<{ n: string }>(db.url, "select nextval('invoice_numbers')::text as n");
    assert.strictEqual(next[0]!.n, "1030", "the sequence was restarted");
    const again = await stack.preview();
    assert.deepStrictEqual(Object.keys(again.changeSummary), ["same"], JSON.stringify(again.changeSummary));
  });

  it("renamed sequences keep their values: a standalone one by renamedFrom, a serial's with its table and column", async () => {
    const file = path.join(stack.workspace.workDir, "index.ts");
    const program = fs.readFileSync(file, "utf8");
    const renamed = program
      .replace(
        'db.sequence("invoice_numbers", {',
        'db.sequence("invoice_ids", { renamedFrom: "invoice_numbers",',
      )
      .replace('db.table("employees", {', 'db.table("staff", { renamedFrom: "employees",')
      .replace(
        'employee_id: { type: "bigserial", primaryKey: true }',
        'id: { type: "bigserial", primaryKey: true, renamedFrom: "employee_id" }',
      );
    assert.notStrictEqual(renamed, program);
    fs.writeFileSync(file, renamed);
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    // Updated in place (aliases), never replaced: a replacement would mean drop and create.
    assert.ok(
      !up.summary.resourceChanges?.create && !up.summary.resourceChanges?.delete,
      JSON.stringify(up.summary),
    );
    const sequences = await query<{ name: string }>(
      db.url,
      "select relname as name from pg_class where relkind = 'S' and relnamespace = 'public'::regnamespace order by 1",
    );
    assert.deepStrictEqual(
      sequences.map((x) => x.name),
      ["invoice_ids", "staff_id_seq"],
    );
    const next = await query<{ n: string }>(db.url, "select nextval('invoice_ids')::text as n");
    assert.strictEqual(next[0]!.n, "1040", "the renamed sequence was restarted");
    const inserted = await query<{ id: string }>(
      db.url,
      "insert into staff (email, name) values ('cy@x.org', 'cy') returning id::text",
    );
    assert.strictEqual(inserted[0]!.id, "3", "the serial's sequence was restarted");
    const again = await stack.preview();
    assert.deepStrictEqual(Object.keys(again.changeSummary), ["same"], JSON.stringify(again.changeSummary));
  });

  it("a schema no longer declared is dropped, and while it holds a table only with the data-loss opt-in", async () => {
    const file = path.join(stack.workspace.workDir, "index.ts");
    const program = fs.readFileSync(file, "utf8");
    const without = program
      .replace(/db\.schema\("billing"\);\n/, "")
      .replace(/db\.table\("invoices", \{[\s\S]*?\n\}\);\n/, "");
    assert.ok(!/billing/.test(without), without);
    fs.writeFileSync(file, without);
    const schemaCount = async () =>
      (
        await query<{ n: string }>(
          db.url,
          "select count(*)::text as n from pg_namespace where nspname = 'billing'",
        )
      )[0]!.n;
    await assert.rejects(stack.up(), /refusing .* delete data[\s\S]*drop schema billing/);
    assert.strictEqual(await schemaCount(), "1", "refused, yet the schema changed");
    await stack.setConfig("schemastack:allowDataLoss", { value: "true" });
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await schemaCount(), "0");
    const again = await stack.preview();
    assert.deepStrictEqual(Object.keys(again.changeSummary), ["same"], JSON.stringify(again.changeSummary));
  });
});
