// The adversarial suite through the real pulumi CLI: a representative subset of bad inputs and bad
// stack config (each refused in preview with its message, database byte-for-byte unchanged), a
// hostile version string, secrets in the state file and every captured output, two stacks updating
// one database at once (serialised by the advisory lock), and `pulumi up` killed with SIGKILL during
// DDL and interrupted with SIGINT during the backup, after which the next `up` converges.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, testEnv, TestDatabase } from "../support/env";
import { openStack } from "../support/pulumi";
import { query } from "../support/sql";
import { snapshotDatabase } from "../support/adversarial/checksum";
import { FigureCounter } from "../support/adversarial/figures";
import { badInputCases, baseline, seedSql, SimpleSpec } from "../support/adversarial/bad-inputs";
import { Finished, Running, start, waitFor } from "../support/adversarial/processes";

const figures = new FigureCounter("adversarial-pulumi");
const program = path.join(__dirname, "fixtures", "spec-program");
const password = "Pulumi-adv-pw-4b1d9";
const hostileVersion = "1.0'); drop table victims; --";

const pulumiCases = [
  "table name of 64 bytes",
  "two tables differing only in case",
  "injection in an index predicate",
  "unknown type txet",
  "FK to an undeclared table",
];

function withBig(spec: SimpleSpec): SimpleSpec {
  spec.tables.big = { columns: { id: { type: "bigint", primaryKey: true }, payload: { type: "text" } } };
  return spec;
}

function findFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(full) : [full];
  });
}

describe("adversarial: through the real pulumi CLI", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let url: string;
  let stack: Stack;
  let workDir: string;
  let env: Record<string, string>;
  let spec: SimpleSpec;
  const captured: string[] = [];
  const capture = (text: string) => captured.push(text);
  const setSpec = (s: SimpleSpec) => stack.setConfig("schemastack-test:spec", { value: JSON.stringify(s) });
  const rowDigest = async () =>
    JSON.stringify(
      await query(
        db.url,
        "select (select count(*) from victims) v, (select count(*) from big) b, (select sum(hashtext(payload)) from big) h",
      ),
    );

  /** `pulumi up` as a real process group, so it can be signalled like a terminal would. */
  const cliUp = () =>
    start(
      path.join(env.PATH.split(":")[0], "pulumi"),
      ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
      { ...process.env, ...env },
      workDir,
    );

  /** Starts `pulumi up` and resolves once `sql` returns a row, failing if the up ends first. */
  async function cliUpUntil(what: string, sql: string): Promise<Running> {
    const run = cliUp();
    let finished: Finished | undefined;
    void run.done.then((f) => (finished = f));
    await waitFor(
      what,
      async () => {
        if (finished) throw new Error(`pulumi up ended before ${what}:\n${run.output()}`);
        return (await query(db.url, sql)).length > 0;
      },
      240_000,
      20,
    );
    return run;
  }

  /** The next `up` after a killed one; clears what the killed run left pending if the CLI asks. */
  async function upAfterKill(): Promise<string> {
    const steps: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await stack.up({ onOutput: capture });
        return [...steps, r.summary.result].join(", then ");
      } catch (e) {
        const message = (e as Error).message;
        capture(message);
        if (/currently locked/i.test(message)) {
          // The file backend keeps the killed update's lock file: `pulumi cancel` removes it.
          await stack.cancel();
          steps.push("pulumi cancel");
        } else if (/pending operation/i.test(message)) {
          // Its pending operations stay in the checkpoint: drop them (providers plan against
          // the live catalog, so nothing is lost), as `pulumi stack export | import` would.
          const state = await stack.exportStack();
          (state.deployment as { pending_operations?: unknown[] }).pending_operations = [];
          await stack.importStack(state);
          steps.push("cleared pending operations");
        } else throw e;
      }
    }
    throw new Error(`no convergence after ${steps.join(", ")}`);
  }

  before(async () => {
    db = await createTestDatabase("adv_pulumi");
    const u = new URL(db.url);
    u.password = password; // trust auth ignores it: it is there to be searched for
    url = u.toString();
    ({ stack, workDir, env } = await openStack(program, `adv-a-${process.pid}`));
    await stack.setConfig("schemastack-test:databaseUrl", { value: url, secret: true });
    spec = withBig(baseline());
    spec.version = hostileVersion;
    await setSpec(spec);
  });
  after(async () => {
    await stack?.cancel().catch(() => undefined);
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
    figures.report();
  });

  it("up creates the baseline and stores a hostile version string exactly", async () => {
    const up = await stack.up({ onOutput: capture });
    assert.strictEqual(up.summary.result, "succeeded");
    const rows = await query<{ version: string }>(
      db.url,
      "select version from schemastack.schema_version order by id desc limit 1",
    );
    assert.strictEqual(rows[0]?.version, hostileVersion);
    figures.add("badInputsTried");
    figures.add("hostileInputsCreatedExactly");
    for (const sql of seedSql) await query(db.url, sql);
    await query(
      db.url,
      "insert into big (id, payload) select g, md5(g::text) || md5((g * 3)::text) from generate_series(1, 400000) g",
    );
  });

  for (const id of pulumiCases) {
    it(`preview refuses: ${id}`, async () => {
      const c = badInputCases.find((x) => x.id === id);
      assert.ok(c?.mutate && c.expect);
      figures.add("badInputsTried");
      const before = await snapshotDatabase(db.url);
      const bad = structuredClone(spec);
      c.mutate(bad);
      await setSpec(bad);
      try {
        const error = await stack.preview({ onOutput: capture }).then(
          () => new Error("preview succeeded"),
          (e: Error) => e,
        );
        capture(error.message);
        assert.match(error.message, c.expect);
      } finally {
        await setSpec(spec);
      }
      assert.deepStrictEqual(await snapshotDatabase(db.url), before);
      figures.add("badInputsRejectedCleanly");
    });
  }

  for (const [key, value, message] of [
    ["schemastack:lockTimeoutMs", "soon", /schemastack:lockTimeoutMs: expected milliseconds .* got "soon"/],
    ["schemastack:allowDataLoss", "yes", /schemastack:allowDataLoss: expected true or false, got "yes"/],
  ] as const) {
    it(`up refuses stack config ${key}=${value}`, async () => {
      figures.add("badInputsTried");
      const before = await snapshotDatabase(db.url);
      const changed = structuredClone(spec);
      changed.tables.parents.columns.extra = { type: "text" };
      await setSpec(changed);
      await stack.setConfig(key, { value });
      try {
        const error = await stack.up({ onOutput: capture }).then(
          () => new Error("up succeeded"),
          (e: Error) => e,
        );
        capture(error.message);
        assert.match(error.message, message);
      } finally {
        await stack.removeConfig(key);
        await setSpec(spec);
      }
      assert.deepStrictEqual(await snapshotDatabase(db.url), before);
      figures.add("badInputsRejectedCleanly");
    });
  }

  it("two stacks updating one database at once are serialised by the advisory lock", async () => {
    figures.add("faultsInjected");
    const other = await openStack(program, `adv-b-${process.pid}`);
    try {
      await other.stack.setConfig("schemastack-test:databaseUrl", { value: url, secret: true });
      await other.stack.setConfig("schemastack-test:spec", {
        value: JSON.stringify({
          version: "b1",
          enums: {},
          tables: { b_only: { columns: { id: { type: "bigint", primaryKey: true } } } },
        }),
      });
      spec.tables.victims.indexes = {
        ...spec.tables.victims.indexes,
        victims_score_idx: { columns: ["score"] },
      };
      await setSpec(spec);
      let maxHolders = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const rows = await query<{ n: number }>(
            db.url,
            "select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and objid = 1 and objsubid = 2 and database = (select oid from pg_database where datname = current_database())",
          );
          maxHolders = Math.max(maxHolders, rows[0].n);
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const [a, b] = await Promise.all([
        stack.up({ onOutput: capture }),
        other.stack.up({ onOutput: capture }),
      ]);
      sampling = false;
      await sampler;
      assert.strictEqual(a.summary.result, "succeeded");
      assert.strictEqual(b.summary.result, "succeeded");
      assert.strictEqual(maxHolders, 1, `${maxHolders} sessions held the migration lock at once`);
      const tables = await query(
        db.url,
        "select 1 from pg_class where relname in ('b_only', 'victims_score_idx')",
      );
      assert.strictEqual(tables.length, 2);
      figures.add("faultsSurvived");
    } finally {
      await other.stack.destroy({ onOutput: capture }).catch(() => undefined);
      await other.stack.workspace.removeStack(other.stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("SIGKILL of `pulumi up` during a concurrent index build: the next up converges, no row lost", async () => {
    figures.add("faultsInjected");
    const digest = await rowDigest();
    spec.tables.big.indexes = { big_payload_idx: { columns: ["payload"] } };
    await setSpec(spec);
    const run = await cliUpUntil(
      "the index build",
      "select 1 from pg_stat_activity where query ilike 'create index concurrently%big_payload_idx%'",
    );
    run.kill("SIGKILL");
    const killed = await run.done;
    capture(killed.stdout + killed.stderr);
    assert.strictEqual(killed.signal, "SIGKILL");
    // The orphaned provider may still be building: make sure it is gone before converging.
    await query(
      db.url,
      "select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'create index concurrently%' and pid <> pg_backend_pid()",
    );
    const result = await upAfterKill();
    assert.match(result, /succeeded/);
    assert.strictEqual((await query(db.url, "select 1 from pg_index where not indisvalid")).length, 0);
    assert.strictEqual(
      (await query(db.url, "select 1 from pg_class where relname = 'big_payload_idx'")).length,
      1,
    );
    assert.strictEqual(await rowDigest(), digest);
    const preview = await stack.preview({ onOutput: capture });
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
    figures.add("faultsSurvived");
  });

  it("SIGINT of `pulumi up` during the backup: the update stops cleanly and the next up converges", async () => {
    figures.add("faultsInjected");
    const digest = await rowDigest();
    spec.tables.parents.columns.added_later = { type: "text" };
    await setSpec(spec);
    const run = await cliUpUntil(
      "the backup (pg_dump)",
      "select 1 from pg_stat_activity where application_name = 'pg_dump' and datname = current_database()",
    );
    run.kill("SIGINT");
    const interrupted = await Promise.race([
      run.done,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 120_000)),
    ]);
    if (!interrupted) run.kill("SIGKILL");
    const out = interrupted ?? (await run.done);
    capture(out.stdout + out.stderr);
    const result = await upAfterKill();
    assert.match(result, /succeeded/);
    assert.strictEqual(
      (await query(db.url, "select 1 from pg_attribute where attname = 'added_later'")).length,
      1,
    );
    assert.strictEqual(await rowDigest(), digest);
    figures.add("faultsSurvived");
  });

  it("no secret in plain text in the state files, the backend folder, or any captured output", async () => {
    const e = await testEnv();
    const secrets = [password, e.s3.secretAccessKey];
    const backendDir = (env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
    const files = findFiles(backendDir).filter((f) => fs.readFileSync(f, "latin1").includes(db.name));
    assert.ok(files.length > 0, "no state file of this stack found");
    const places = [
      ...files.map((f) => ({ where: f, text: fs.readFileSync(f, "latin1") })),
      ...captured.map((text, i) => ({ where: `output ${i}`, text })),
    ];
    const leaks: string[] = [];
    for (const place of places) {
      figures.add("secretSearches");
      for (const s of secrets)
        if (place.text.includes(s)) leaks.push(`${place.where} holds ${s.slice(0, 4)}...`);
    }
    figures.add("secretLeaks", leaks.length);
    assert.deepStrictEqual(leaks, []);
  });
});
