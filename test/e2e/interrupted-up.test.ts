// README "Large schemas": a first `up` run with PULUMI_SKIP_CHECKPOINTS that dies midway leaves
// objects in the database that the state does not record; the next plain `up` adopts them (no
// DDL for what already exists as declared) and creates the rest, after which preview is clean.
// The migration applies the whole plan in one resource, so "midway" is inside that plan: the last
// table exists already without its `note` column, the test holds a lock that the ADD COLUMN
// waits for (after every CREATE TABLE ran), and the CLI is killed while it waits.
import * as assert from "assert";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { stateRoot } from "../../localenv/paths";
import { createTestDatabase, TestDatabase } from "../support/env";
import { openStack } from "../support/pulumi";
import { Finished, start, waitFor } from "../support/adversarial/processes";
import { Client } from "pg";
import { columnTypes, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");
const tableCount = 16;
// Unique per run: a killed update leaves its lock file under the stack name in the backend.
const stackName = `interrupted-${process.pid}`;

function spec(): unknown {
  const tables: Record<string, unknown> = {};
  for (let i = 0; i < tableCount; i++) {
    tables[`t${String(i).padStart(2, "0")}`] = {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        name: { type: "text", nullable: false },
        note: { type: "text" },
      },
      indexes: { [`t${String(i).padStart(2, "0")}_name_idx`]: { columns: ["name"] } },
    };
  }
  return { version: "1.0.0", tables };
}

const tablesIn = async (url: string) =>
  Number(
    (
      await query<{ n: string }>(url, "select count(*)::text as n from pg_tables where schemaname = 'public'")
    )[0]!.n,
  );

const managedInState = async (stack: Stack) =>
  ((await stack.exportStack()).deployment.resources ?? []).filter((r: { type: string }) =>
    r.type.startsWith("pulumi-nodejs:dynamic/schemastack:"),
  ).length;

describe("a first `up` with PULUMI_SKIP_CHECKPOINTS killed midway", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let stack: Stack;
  let workDir: string;
  let env: Record<string, string>;

  const last = `t${String(tableCount - 1).padStart(2, "0")}`;

  before(async () => {
    db = await createTestDatabase("interrupted");
    await query(
      db.url,
      `create table ${last} (id bigint generated always as identity primary key, name text not null)`,
    );
    ({ stack, workDir, env } = await openStack(program, stackName));
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec()) });
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    // Long enough that the blocked ADD COLUMN is still waiting when the CLI is killed.
    await stack.setConfig("schemastack:lockTimeoutMs", { value: "300000" });
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("leaves untracked objects, and the next up adopts them and converges", async () => {
    // The real CLI in its own process group, SIGKILLed (engine, language host, program, provider)
    // as soon as some but not all tables exist: a crash, not a graceful cancel.
    const pulumi = path.join(stateRoot(), "bin", "pulumi");
    const cli = start(
      pulumi,
      ["up", "--yes", "--skip-preview", "--stack", stackName, "--non-interactive"],
      { ...process.env, ...env, PULUMI_SKIP_CHECKPOINTS: "true" },
      workDir,
    );
    let finished: Finished | undefined;
    void cli.done.then((f) => (finished = f));
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query(`begin; lock table ${last} in access share mode`);
      await waitFor(
        "the migration waiting for the lock on the last table",
        async () => {
          if (finished) throw new Error(`pulumi up ended before the kill point:\n${cli.output()}`);
          const waiting = await query(
            db.url,
            "select 1 from pg_locks l where not l.granted and l.relation = to_regclass($1)",
            [last],
          );
          return waiting.length > 0;
        },
        300_000,
        50,
      );
      cli.kill("SIGKILL");
      await cli.done;
      // The database side of a crash: every session of the killed update ends (a backend blocked on
      // a lock notices its client is gone only once it gets the lock), so nothing it began commits.
      await blocker.query(
        "select pg_catalog.pg_terminate_backend(pid) from pg_catalog.pg_stat_activity where datname = current_database() and pid <> pg_catalog.pg_backend_pid()",
      );
    } finally {
      await blocker.end().catch(() => undefined);
    }

    assert.strictEqual(await tablesIn(db.url), tableCount, "the tables the plan created before the kill");
    assert.strictEqual(
      (await columnTypes(db.url, last)).note,
      undefined,
      "the plan finished before the kill",
    );
    assert.strictEqual(await managedInState(stack), 0, "the killed up wrote resources to the state");

    // The killed update's lock stays behind; the CLI's own message says to remove it with `pulumi
    // cancel`, which is the recovery the README gives.
    await assert.rejects(stack.up({ onOutput: () => undefined }), /currently locked/);
    const cancel = await start(
      pulumi,
      ["cancel", "--yes", "--stack", stackName, "--non-interactive"],
      { ...process.env, ...env },
      workDir,
    ).done;
    assert.strictEqual(cancel.code, 0, cancel.stdout + cancel.stderr);
    const up = await stack.up({ onOutput: () => undefined });
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(await tablesIn(db.url), tableCount);
    assert.strictEqual((await columnTypes(db.url, last)).note, "text");
    // One resource per table, plus the database's own (backup, migration, version row).
    assert.ok((await managedInState(stack)) >= tableCount + 3);
    const preview = await stack.preview();
    const changed = Object.entries(preview.changeSummary)
      .filter(([op, n]) => op !== "same" && (n ?? 0) > 0)
      .map(([op, n]) => `${op}: ${n}`);
    assert.deepStrictEqual(changed, [], `preview after recovery wants changes: ${changed.join(", ")}`);
  });
});
