// Issue 18 through the core (real Postgres): backfills (placement, batches, resume after an
// interruption, the NULL refusal), USING conversions and one-off migrations.
import { strict as assert } from "assert";
import { Client } from "pg";
import { applySchema, BackfillNullError, DataMoveCheckError, StepEvent } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaSpec, SchemaValidationError, fromSpec } from "../../../core/model";
import { planChanges } from "../../../core/plan";
import { renderModel } from "../../../core/render";
import { TestDatabase, createTestDatabase } from "../../support/env";

const campaigns = (
  name: Record<string, unknown> | null,
  extra: SchemaSpec["migrations"] = undefined,
): SchemaSpec => ({
  schemas: {
    public: {
      tables: {
        campaigns: {
          columns: {
            id: { type: "uuid", primaryKey: true },
            title: { type: "text" },
            ...(name ? { name: name as { type: string } } : {}),
          },
        },
      },
    },
  },
  ...(extra ? { migrations: extra } : {}),
});

const fieldNotesName = {
  type: "text",
  nullable: false,
  backfill: { expression: "'Campaign ' || left(id::text, 8)", batchSize: 7 },
};

// The audit trigger below counts updates; it is the test's, not the declaration's, so the scope
// leaves it alone (a full desired file would otherwise drop an undeclared trigger).
const keepAuditTrigger = { scope: { ignore: [{ kind: "trigger" as const, name: "campaigns_log" }] } };

describe("core data moves (issue 18)", function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let c: Client;
  const snapshot = async () =>
    (
      await c.query(
        "select id::text, title, to_jsonb(t) - 'id' - 'title' as rest from campaigns t order by id",
      )
    ).rows;
  before(async () => {
    db = await createTestDatabase("data_moves");
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  after(async () => {
    await c?.end().catch(() => undefined);
    await db?.drop();
  });

  const reset = async (rows: number) => {
    await c.query("drop table if exists campaigns; drop schema if exists schemastack cascade");
    await applySchema(c, fromSpec(campaigns(null)));
    await c.query("insert into campaigns select md5(i::text)::uuid, 't' || i from generate_series(1, $1) i", [
      rows,
    ]);
    // Every UPDATE of a campaigns row is counted: a row updated twice would show.
    await c.query(`create schema if not exists audit; create table if not exists audit.update_log (id uuid, n int default 1);
      create or replace function audit.log_update() returns trigger language plpgsql as
        $$ begin insert into audit.update_log (id) values (new.id); return new; end $$;
      create trigger campaigns_log after update on campaigns for each row execute function audit.log_update();
      truncate audit.update_log`);
  };

  it("plans add column (nullable) -> backfill -> NOT NULL, then fills every row and converges", async () => {
    await reset(50);
    const live = await introspect(c, { schemas: ["public"] });
    const plan = planChanges(live, fromSpec(campaigns(fieldNotesName)), keepAuditTrigger);
    const names = plan.steps.map((s) => s.description);
    assert.match(names[0], /^add column name/);
    assert.match(plan.steps[0].sql, /ADD COLUMN name text$/, "added nullable");
    assert.match(names[1], /^backfill public\.campaigns\.name where NULL .* batches of 7 rows by \(id\)/);
    assert.deepEqual(
      names.slice(2).map((n) => n.split(" ")[0]),
      ["add", "validate", "set", "drop"],
      "NOT NULL through the validated check, after the backfill",
    );
    const events: StepEvent[] = [];
    const result = await applySchema(c, fromSpec(campaigns(fieldNotesName)), {
      ...keepAuditTrigger,
      onEvent: (e) => events.push(e),
    });
    assert.ok(result.after, "verified");
    const rows = await snapshot();
    assert.equal(rows.length, 50);
    for (const r of rows) assert.equal(r.rest.name, `Campaign ${r.id.slice(0, 8)}`);
    const nullable = await c.query(
      "select attnotnull from pg_attribute where attrelid = 'campaigns'::regclass and attname = 'name'",
    );
    assert.equal(nullable.rows[0].attnotnull, true);
    const progress = events.filter((e) => e.type === "backfill");
    assert.ok(progress.some((e) => e.type === "backfill" && e.phase === "done" && e.rowsUpdated === 50));
    const updates = await c.query(
      "select count(*)::int as n, count(distinct id)::int as rows from audit.update_log",
    );
    assert.deepEqual(updates.rows[0], { n: 50, rows: 50 }, "each row updated exactly once");
    const again = await applySchema(c, fromSpec(campaigns(fieldNotesName)), keepAuditTrigger);
    assert.equal(again.executedSteps, 0, "converged");
  });

  it("resumes an interrupted backfill after its last committed batch, never updating a row twice", async () => {
    await reset(100);
    let batches = 0;
    await assert.rejects(
      applySchema(c, fromSpec(campaigns(fieldNotesName)), {
        ...keepAuditTrigger,
        onEvent: (e) => {
          // The progress report follows the batch's commit: stopping here is a kill between batches.
          if (e.type === "backfill" && e.phase === "batch" && ++batches >= 1) throw new Error("killed");
        },
      }),
      /killed/,
    );
    const done = (await c.query("select count(*)::int as n from audit.update_log")).rows[0].n as number;
    assert.ok(done >= 7 && done < 100, `some rows filled before the interruption (${done})`);
    const pending = await introspect(c, { schemas: ["public"] });
    assert.deepEqual(pending.dataMoves?.backfillsInProgress, ["column:public.campaigns.name"]);
    // Even a declaration that keeps the column nullable finishes the interrupted backfill.
    const nullable = { ...fieldNotesName, nullable: true };
    const plan = planChanges(pending, fromSpec(campaigns(nullable)), keepAuditTrigger);
    assert.deepEqual(
      plan.steps.map((s) => s.description.split(" ")[0]),
      ["backfill"],
    );
    const events: StepEvent[] = [];
    await applySchema(c, fromSpec(campaigns(fieldNotesName)), {
      ...keepAuditTrigger,
      onEvent: (e) => events.push(e),
    });
    assert.ok(
      events.some((e) => e.type === "backfill" && e.phase === "resume"),
      "resumed, not restarted",
    );
    const updates = await c.query(
      "select count(*)::int as n, count(distinct id)::int as rows from audit.update_log",
    );
    assert.deepEqual(updates.rows[0], { n: 100, rows: 100 }, "each row updated exactly once over both runs");
    const progress = await c.query(
      "select batches::int, rows_updated::int, finished_at is not null as finished from schemastack.backfill_progress",
    );
    assert.deepEqual(progress.rows[0], { batches: 15, rows_updated: 100, finished: true });
    for (const r of await snapshot()) assert.equal(r.rest.name, `Campaign ${r.id.slice(0, 8)}`);
  });

  it("refuses a backfill that yields NULL for a NOT NULL column, with the row count, before any change", async () => {
    await reset(20);
    await c.query("update campaigns set title = null where title in ('t1', 't2', 't3')");
    const before = await snapshot();
    const spec = campaigns({ type: "text", nullable: false, backfill: "title || '!'" });
    await assert.rejects(applySchema(c, fromSpec(spec)), (e: unknown) => {
      assert.ok(e instanceof BackfillNullError, String(e));
      assert.match(
        e.message,
        /column public\.campaigns\.name: .* yields NULL for 3 row\(s\).*nothing was changed/,
      );
      return true;
    });
    assert.deepEqual(await snapshot(), before);
    const cols = await c.query(
      "select count(*)::int as n from pg_attribute where attrelid = 'campaigns'::regclass and attname = 'name'",
    );
    assert.equal(cols.rows[0].n, 0, "the column was not added");
  });

  it("refuses a backfill that is not one expression, or names an unknown column, naming the column", async () => {
    assert.throws(
      () => fromSpec(campaigns({ type: "text", backfill: "'x'; drop table campaigns" })),
      (e: unknown) =>
        e instanceof SchemaValidationError &&
        /column "name": backfill expression contains `;`/.test(e.message),
    );
    assert.throws(
      () => fromSpec(campaigns({ type: "text", backfill: "'a', 'b'" })),
      /column "name": backfill expression contains a comma outside parentheses/,
    );
    await assert.rejects(
      renderModel(db.url, fromSpec(campaigns({ type: "text", backfill: "upper(titel)" }))),
      (e: unknown) =>
        e instanceof SchemaValidationError &&
        /table "campaigns", column "name": backfill expression "upper\(titel\)" is refused by Postgres: column "titel" does not exist/.test(
          e.message,
        ),
    );
  });

  it("changes a type with a declared USING, says it rewrites, and refuses rows that do not convert", async () => {
    await c.query(
      "create schema if not exists conv; set search_path = conv, public; drop table if exists codes; create table codes (id int primary key, code text)",
    );
    await c.query("insert into conv.codes values (1, '12'), (2, ''), (3, null)");
    const spec = (using: string): SchemaSpec => ({
      schemas: {
        conv: {
          tables: {
            codes: {
              columns: { id: { type: "integer", primaryKey: true }, code: { type: "integer", using } },
            },
          },
        },
      },
    });
    const live = await introspect(c, { schemas: ["conv"] });
    const plan = planChanges(live, fromSpec(spec("nullif(code, '')::integer")));
    const step = plan.steps.find((s) => s.description.startsWith("change type"));
    assert.ok(step);
    assert.match(step.sql, /TYPE integer USING nullif\(code, ''\)::integer$/);
    assert.match(step.description, /using nullif\(code, ''\)::integer \(rewrites the table\)/);
    assert.ok(step.hazards.some((h) => h.kind === "rewritesTable"));
    await c.query("insert into conv.codes values (4, 'x')");
    await assert.rejects(applySchema(c, fromSpec(spec("nullif(code, '')::integer"))), (e: unknown) => {
      assert.ok(e instanceof DataMoveCheckError, String(e));
      assert.match(
        e.message,
        /column conv\.codes\.code: the conversion to integer USING .* invalid input syntax .*nothing was changed/,
      );
      return true;
    });
    assert.equal(
      (
        await c.query(
          "select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = 'conv.codes'::regclass and attname = 'code'",
        )
      ).rows[0].t,
      "text",
    );
    await c.query("delete from conv.codes where id = 4");
    await applySchema(c, fromSpec(spec("nullif(code, '')::integer")));
    assert.deepEqual(
      (await c.query("select code from conv.codes order by id")).rows.map((r) => r.code),
      [12, null, null],
    );
  });

  it("runs a one-off migration once, between the new column and the drop of the old one", async () => {
    await c.query(
      "create schema if not exists mig; set search_path = mig, public; drop table if exists claims; create table claims (id int primary key, claim_text text)",
    );
    await c.query("insert into mig.claims values (1, 'a'), (2, 'b')");
    const spec: SchemaSpec = {
      schemas: {
        mig: {
          tables: {
            claims: { columns: { id: { type: "integer", primaryKey: true }, claim: { type: "text" } } },
          },
        },
      },
      migrations: {
        "2026-12-copy-claims": {
          sql: "UPDATE mig.claims SET claim = claim_text",
          after: { schema: "mig", table: "claims", column: "claim" },
          before: { schema: "mig", table: "claims", column: "claim_text" },
        },
      },
    };
    const live = await introspect(c, { schemas: ["mig"] });
    const plan = planChanges(live, fromSpec(spec), { allowDataLoss: true });
    assert.deepEqual(
      plan.steps.map((s) => s.description),
      [
        "add column claim to mig.claims",
        "prepare schemastack.data_migration for migration 2026-12-copy-claims",
        "run migration 2026-12-copy-claims (once per database)",
        "record migration 2026-12-copy-claims in schemastack.data_migration",
        "drop column claim_text of mig.claims",
      ],
    );
    await applySchema(c, fromSpec(spec), { allowDataLoss: true });
    assert.deepEqual((await c.query("select claim from mig.claims order by id")).rows, [
      { claim: "a" },
      { claim: "b" },
    ]);
    const again = await applySchema(c, fromSpec(spec), { allowDataLoss: true });
    assert.equal(again.executedSteps, 0, "recorded: never runs again");
    // A failing migration leaves no record and no change.
    const failing: SchemaSpec = {
      ...spec,
      migrations: { "2026-12-bad": { sql: "UPDATE mig.claims SET claim = 1/0" } },
    };
    await assert.rejects(applySchema(c, fromSpec(failing)), /run migration 2026-12-bad .* division by zero/);
    const recorded = await c.query("select name from schemastack.data_migration order by name");
    assert.deepEqual(
      recorded.rows.map((r) => r.name),
      ["2026-12-copy-claims"],
    );
  });
});
