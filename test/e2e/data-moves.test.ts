// Issue 18 through the real `pulumi` CLI: the field notes' example (a `name` column added,
// backfilled from the id where NULL, then NOT NULL, on a table with rows), a backfill killed with
// SIGKILL midway that resumes on the next `up` from its last batch, and a one-off migration that
// fails on prod's data caught by the staging rehearsal before staging changes.
import * as assert from "assert";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { stateRoot } from "../../localenv/paths";
import { createTestDatabase, TestDatabase } from "../support/env";
import { openStack } from "../support/pulumi";
import { Finished, start, waitFor } from "../support/adversarial/processes";
import { columnTypes, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");
const backfilledName = (batchSize: number) => ({
  type: "text",
  nullable: false,
  backfill: { expression: "'Campaign ' || left(id::text, 8)", batchSize },
});
const campaigns = (version: string, name?: unknown) => ({
  version,
  tables: {
    campaigns: {
      columns: { id: { type: "uuid", primaryKey: true }, title: { type: "text" }, ...(name ? { name } : {}) },
    },
  },
});

const notNull = async (url: string, table: string, column: string) =>
  (
    await query<{ n: boolean }>(
      url,
      "select attnotnull as n from pg_attribute where attrelid = to_regclass($1) and attname = $2",
      [table, column],
    )
  )[0]?.n;

async function noChanges(stack: Stack): Promise<void> {
  const preview = await stack.preview();
  const changed = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);
  assert.deepStrictEqual(changed, [], "preview after the update wants changes");
}

describe("data moves through pulumi (issue 18)", function () {
  this.timeout(900_000);
  const dbs: TestDatabase[] = [];
  const stacks: Stack[] = [];
  after(async () => {
    for (const s of stacks) await s.workspace.removeStack(s.name, { force: true }).catch(() => undefined);
    for (const d of dbs) await d.drop().catch(() => undefined);
  });

  it("the field notes' example: name added, backfilled from the id where NULL, then NOT NULL", async () => {
    const db = await createTestDatabase("dm_notes");
    dbs.push(db);
    const { stack } = await openStack(program, `notes-${process.pid}`);
    stacks.push(stack);
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(campaigns("1")) });
    await stack.up({ onOutput: () => undefined });
    await query(
      db.url,
      "insert into campaigns select gen_random_uuid(), 'c' || i from generate_series(1, 250) i",
    );

    await stack.setConfig("schemastack-test:spec", {
      value: JSON.stringify(campaigns("2", backfilledName(40))),
    });
    let previewOut = "";
    await stack.preview({ onOutput: (o) => (previewOut += o) });
    assert.match(
      previewOut,
      /data move: backfill public\.campaigns\.name where NULL from 'Campaign ' \|\| left\(id::text, 8\), in batches of 40 rows by \(id\)/,
    );
    let upOut = "";
    const up = await stack.up({ onOutput: (o) => (upOut += o) });
    assert.strictEqual(up.summary.result, "succeeded");
    assert.match(upOut, /backfill public\.campaigns\.name: done, 250 rows filled in 7 batches/);
    const wrong = await query(
      db.url,
      "select id from campaigns where name is distinct from 'Campaign ' || left(id::text, 8)",
    );
    assert.strictEqual(wrong.length, 0, "every row has its name");
    assert.strictEqual(await notNull(db.url, "campaigns", "name"), true);
    assert.deepStrictEqual(
      await query(db.url, "select conname from pg_constraint where conname like 'schemastack_nn_%'"),
      [],
      "no temporary check left",
    );
    await noChanges(stack);
  });

  it("a backfill killed with SIGKILL midway resumes from its last batch on the next up and converges", async () => {
    const db = await createTestDatabase("dm_kill");
    dbs.push(db);
    const stackName = `kill-${process.pid}`;
    const { stack, workDir, env } = await openStack(program, stackName);
    stacks.push(stack);
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(campaigns("1")) });
    await stack.up({ onOutput: () => undefined });
    const rows = 6000;
    await query(
      db.url,
      `insert into campaigns select gen_random_uuid(), 'c' || i from generate_series(1, ${rows}) i`,
    );
    // Every update of a row is logged (a row updated twice would show), and slowed down so that
    // the kill lands midway.
    await query(
      db.url,
      `create schema audit; create table audit.updates (id uuid);
       create function audit.log() returns trigger language plpgsql as
         $$ begin perform pg_sleep(0.002); insert into audit.updates values (new.id); return new; end $$;
       create trigger campaigns_log after update on public.campaigns for each row execute function audit.log()`,
    );
    await stack.setConfig("schemastack-test:spec", {
      value: JSON.stringify(campaigns("2", backfilledName(100))),
    });

    const pulumi = path.join(stateRoot(), "bin", "pulumi");
    const cli = start(
      pulumi,
      ["up", "--yes", "--skip-preview", "--stack", stackName, "--non-interactive"],
      { ...process.env, ...env },
      workDir,
    );
    let finished: Finished | undefined;
    void cli.done.then((f) => (finished = f));
    await waitFor(
      "some backfill batches committed",
      async () => {
        if (finished) throw new Error(`pulumi up ended before the kill point:\n${cli.output()}`);
        const r = await query<{ n: number }>(
          db.url,
          "select coalesce((select batches::int from schemastack.backfill_progress), 0) as n where to_regclass('schemastack.backfill_progress') is not null",
        ).catch(() => []);
        return (r[0]?.n ?? 0) >= 5;
      },
      300_000,
      50,
    );
    cli.kill("SIGKILL");
    await cli.done;
    await query(
      db.url,
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    const progress = (
      await query<{ batches: number; finished: boolean }>(
        db.url,
        "select batches::int, finished_at is not null as finished from schemastack.backfill_progress",
      )
    )[0];
    assert.ok(
      progress && !progress.finished && progress.batches >= 5 && progress.batches < rows / 100,
      JSON.stringify(progress),
    );
    const updatedBefore = (
      await query<{ n: number }>(db.url, "select count(*)::int as n from audit.updates")
    )[0].n;
    assert.strictEqual(
      updatedBefore,
      progress.batches * 100,
      "exactly the committed batches' rows were filled",
    );
    assert.strictEqual(await notNull(db.url, "campaigns", "name"), false, "NOT NULL not added yet");
    assert.deepStrictEqual(
      await query(db.url, "select conname from pg_constraint where conname like 'schemastack_nn_%'"),
      [],
    );

    const cancel = await start(
      pulumi,
      ["cancel", "--yes", "--stack", stackName, "--non-interactive"],
      { ...process.env, ...env },
      workDir,
    ).done;
    assert.strictEqual(cancel.code, 0, cancel.stdout + cancel.stderr);
    let upOut = "";
    const up = await stack.up({ onOutput: (o) => (upOut += o) });
    assert.strictEqual(up.summary.result, "succeeded");
    assert.match(
      upOut,
      new RegExp(
        `backfill public\\.campaigns\\.name: resuming after batch ${progress.batches} \\(${progress.batches * 100} rows filled by an interrupted run\\)`,
      ),
    );
    const log = (
      await query<{ n: number; distinct: number }>(
        db.url,
        'select count(*)::int as n, count(distinct id)::int as "distinct" from audit.updates',
      )
    )[0];
    assert.deepStrictEqual(log, { n: rows, distinct: rows }, "every row updated exactly once over both runs");
    const wrong = await query(
      db.url,
      "select id from campaigns where name is distinct from 'Campaign ' || left(id::text, 8)",
    );
    assert.strictEqual(wrong.length, 0);
    assert.strictEqual(await notNull(db.url, "campaigns", "name"), true);
    await noChanges(stack);
  });

  it("a migration that fails on prod's data is caught by the staging rehearsal before staging changes", async () => {
    const prod = await createTestDatabase("dm_prod");
    const staging = await createTestDatabase("dm_staging");
    dbs.push(prod, staging);
    const table = "create table claims (id int primary key, claim_text text)";
    await query(prod.url, `${table}; insert into claims values (1, '10'), (2, 'ten')`);
    await query(staging.url, `${table}; insert into claims values (1, '10'), (2, '20')`);
    const spec = {
      version: "2",
      allowDataLoss: true,
      tables: {
        claims: { columns: { id: { type: "integer", primaryKey: true }, amount: { type: "integer" } } },
      },
      migrations: {
        "2026-12-claim-amounts": {
          sql: "UPDATE claims SET amount = claim_text::integer",
          after: { table: "claims", column: "amount" },
          before: { table: "claims", column: "claim_text" },
        },
      },
    };
    const { stack } = await openStack(program, `rehearse-${process.pid}`);
    stacks.push(stack);
    await stack.setAllConfig({
      "schemastack-test:databaseUrl": { value: staging.url, secret: true },
      "schemastack-test:rehearseAgainst": { value: prod.url, secret: true },
      "schemastack-test:spec": { value: JSON.stringify(spec) },
    });
    let previewOut = "";
    await stack.preview({ onOutput: (o) => (previewOut += o) });
    assert.match(previewOut, /data move: run migration 2026-12-claim-amounts \(once per database\)/);
    await assert.rejects(stack.up({ onOutput: () => undefined }), (e: Error) => {
      assert.match(e.message, /run migration 2026-12-claim-amounts/);
      assert.match(e.message, /invalid input syntax for type integer: "ten"/);
      return true;
    });
    assert.deepStrictEqual(
      await columnTypes(staging.url, "claims"),
      { id: "integer", claim_text: "text" },
      "staging unchanged",
    );
    assert.deepStrictEqual(
      await query(staging.url, "select to_regclass('schemastack.data_migration') is null as absent"),
      [{ absent: true }],
    );
    assert.deepStrictEqual(
      await columnTypes(prod.url, "claims"),
      { id: "integer", claim_text: "text" },
      "prod unchanged",
    );
    // Fixed for prod's data, the same migration passes the rehearsal and runs once on staging.
    spec.migrations["2026-12-claim-amounts"].sql =
      "UPDATE claims SET amount = CASE WHEN claim_text ~ '^[0-9]+$' THEN claim_text::integer END";
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
    await stack.up({ onOutput: () => undefined });
    assert.deepStrictEqual(await query(staging.url, "select id, amount from claims order by id"), [
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
    assert.deepStrictEqual(await query(staging.url, "select name from schemastack.data_migration"), [
      { name: "2026-12-claim-amounts" },
    ]);
    await noChanges(stack);
  });
});
