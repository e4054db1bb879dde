// Every wait on a server is bounded (core/pg/time-budget.ts), and errors stay readable:
// - a desired .sql file that sleeps ends with a timeout error naming --render-timeout;
// - a catalog read that cannot proceed (pg_class locked by another session) ends naming
//   --catalog-timeout;
// - a blackholed server (a loopback TCP server that accepts and never answers) fails within the
//   connect timeout, in-process, through the CLI and through pg_dump (PGCONNECT_TIMEOUT);
// - a 2000-column table's error fits in a few lines, with the whole statement under --verbose.
// None of these asserts a duration: each error can only come from the limit it names.
import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { introspect } from "../../../core/introspect/introspect";
import { parseDatabaseUrl } from "../../../core/backup/connection";
import { dumpToTarget } from "../../../core/backup/dump";
import { FolderTarget } from "../../../core/backup/folder-target";
import { createProgress } from "../../../core/backup/progress";
import { TimeBudgetExceededError, configureTimeBudget, resetTimeBudget } from "../../../core/pg/time-budget";
import { connectClient, withClient } from "../../../core/pg/with-client";
import { scratchPrefix } from "../../../core/render";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import { query } from "../../support/sql";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { FigureCounter } from "../../support/adversarial/figures";
import { schemastack, schemastackBin, start } from "../../support/adversarial/processes";

const figures = new FigureCounter("bounded-time");

/** A loopback server that accepts connections and never says a word: a blackholed Postgres. */
async function blackhole(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://nobody@127.0.0.1:${port}/void`,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe("adversarial: bounded time and readable errors", function () {
  this.timeout(300_000);
  let dir: string;
  let db: TestDatabase;
  let adminUrl: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-bounded-"));
    db = await createTestDatabase("adv_bounded");
    adminUrl = (await testEnv()).adminUrl;
    await query(db.url, "create table accounts (id bigint primary key, name text)");
    await query(db.url, "insert into accounts select g, 'n' || g from generate_series(1, 50) g");
  });
  after(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    figures.report();
  });

  async function fault(fn: () => Promise<void>): Promise<void> {
    figures.add("faultsInjected");
    const before = await snapshotDatabase(db.url);
    await fn();
    assert.deepStrictEqual(await snapshotDatabase(db.url), before, "the database changed");
    figures.add("faultsSurvived");
  }

  it("a desired .sql file that sleeps ends with a timeout naming --render-timeout, and leaves no scratch database", async () => {
    await fault(async () => {
      const file = path.join(dir, "sleeping.sql");
      fs.writeFileSync(file, "CREATE TABLE t (id int); SELECT pg_sleep(600);");
      const run = start(process.execPath, [
        schemastackBin,
        ...["plan", "--database-url", db.url, "--desired", file, "--render-timeout", "1500"],
      ]);
      const r = await run.done;
      assert.strictEqual(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /rendering the desired schema in a scratch database took longer than 1500 ms and was stopped; raise the limit with --render-timeout MS \(CLI\) or stack config schemastack:renderTimeoutMs/,
      );
      const left = await query<{ name: string }>(
        adminUrl,
        "select datname as name from pg_database where datname like $1",
        [`${scratchPrefix}%\\_${run.child.pid}\\_%`],
      );
      assert.deepStrictEqual(left, []);
    });
  });

  it("a catalog read that cannot proceed ends with a timeout naming --catalog-timeout", async () => {
    await fault(async () => {
      const locker = new Client({ connectionString: db.url, application_name: "adversarial-catalog-lock" });
      await locker.connect();
      const reader = await connectClient(db.url);
      try {
        await locker.query("begin");
        await locker.query("lock table pg_catalog.pg_class in access exclusive mode");
        const error = await introspect(reader, { statementTimeoutMs: 1000 }).then(
          () => assert.fail("introspection read a locked catalog"),
          (e: unknown) => e as Error,
        );
        assert.ok(error instanceof TimeBudgetExceededError, error.message);
        assert.match(
          error.message,
          /reading the catalog took longer than 1000 ms and was stopped; raise the limit with --catalog-timeout MS \(CLI\) or stack config schemastack:catalogTimeoutMs/,
        );
      } finally {
        await locker.query("rollback").catch(() => undefined);
        await locker.end();
        await reader.end();
      }
      // The session is usable afterwards: the limit was local to the read's transaction.
      await withClient(db.url, async (c) => {
        assert.ok((await introspect(c)).model.tables.some((t) => t.name === "accounts"));
        assert.strictEqual((await c.query("show statement_timeout")).rows[0].statement_timeout, "0");
      });
    });
  });

  it("a blackholed server fails within the connect timeout: in-process, CLI and pg_dump", async () => {
    const hole = await blackhole();
    try {
      figures.add("faultsInjected", 3);
      const inProcess = await connectClient(hole.url, { connectTimeoutMs: 500 }).then(
        () => assert.fail("connected to a blackhole"),
        (e: unknown) => e as Error,
      );
      assert.ok(inProcess instanceof TimeBudgetExceededError, inProcess.message);
      assert.match(
        inProcess.message,
        /connecting to 127\.0\.0\.1:\d+ took longer than 500 ms.*--connect-timeout/,
      );
      figures.add("faultsSurvived");

      const file = path.join(dir, "empty.json");
      fs.writeFileSync(file, JSON.stringify({ version: "1", schemas: { public: { tables: {} } } }));
      const cli = await schemastack([
        "plan",
        ...["--database-url", hole.url, "--desired", file, "--connect-timeout", "700"],
      ]);
      assert.strictEqual(cli.code, 1, cli.stderr);
      assert.match(
        cli.stderr,
        /connecting to 127\.0\.0\.1:\d+ took longer than 700 ms and was stopped; raise the limit with --connect-timeout MS/,
      );
      figures.add("faultsSurvived");

      // pg_dump gets the process's budget as PGCONNECT_TIMEOUT (whole seconds, at least 2).
      configureTimeBudget({ connectTimeoutMs: 2000 });
      const target = new FolderTarget({ path: path.join(dir, "dumps") });
      const dump = await dumpToTarget({
        connection: parseDatabaseUrl(hole.url),
        target,
        key: "blackhole.dump",
        progress: createProgress("dump", false),
      }).then(
        () => assert.fail("dumped a blackhole"),
        (e: unknown) => e as Error,
      );
      resetTimeBudget();
      assert.match(dump.message, /timeout expired/);
      assert.deepStrictEqual(fs.readdirSync(path.join(dir, "dumps")), [], "a partial dump file was left");
      figures.add("faultsSurvived");
    } finally {
      resetTimeBudget();
      await hole.close();
    }
  });

  it("a 2000-column table's error fits in a few lines; --verbose prints the whole statement", async () => {
    await fault(async () => {
      const columns = Object.fromEntries(
        Array.from({ length: 2000 }, (_, i) => [`c${i}`, { type: "integer" }]),
      );
      const file = path.join(dir, "wide.json");
      fs.writeFileSync(
        file,
        JSON.stringify({ version: "1", schemas: { public: { tables: { wide: { columns } } } } }),
      );
      const args = ["apply", "--database-url", db.url, "--desired", file];
      const short = await schemastack(args);
      assert.strictEqual(short.code, 1, short.stderr);
      assert.match(short.stderr, /tables can have at most 1600 columns \(SQLSTATE 54011\)/);
      const lines = short.stderr.trim().split("\n");
      assert.ok(lines.length <= 4, `${lines.length} lines:\n${short.stderr.slice(0, 2000)}`);
      assert.ok(short.stderr.length < 600, `${short.stderr.length} characters`);
      assert.match(short.stderr, /\[\d+ characters, 2002 lines; the whole statement: --verbose\]/);
      const verbose = await schemastack([...args, "--verbose"]);
      assert.strictEqual(verbose.code, 1);
      assert.match(verbose.stderr, /the whole failing statement:\n[^]*c1999 integer/);
    });
  });

  it("a failing statement with an error position is shown around that position", async () => {
    await fault(async () => {
      const file = path.join(dir, "typo.sql");
      const filler = Array.from({ length: 40 }, (_, i) => `CREATE TABLE f${i} (id int);`).join("\n");
      fs.writeFileSync(
        file,
        `${filler}\nCREATE TABLE t (id int, x intt);\n${filler.replace(/f(\d)/g, "g$1")}`,
      );
      const r = await schemastack([
        "plan",
        "--database-url",
        db.url,
        "--desired",
        file,
        "--schema",
        "public",
      ]);
      assert.strictEqual(r.code, 1, r.stderr);
      assert.match(r.stderr, /type "intt" does not exist \(.*typo\.sql line 41, column 27\)/);
      assert.match(r.stderr, /CREATE TABLE t \(id int, x intt\);/);
      assert.ok(r.stderr.trim().split("\n").length <= 5, r.stderr);
    });
  });

  it("time limits given as flags are checked: 0 and words are usage errors", async () => {
    for (const [flag, value, expect] of [
      ["--render-timeout", "0", /--render-timeout must be above 0/],
      ["--connect-timeout", "soon", /--connect-timeout must be a whole number of milliseconds, not "soon"/],
      ["--catalog-timeout", "-5", /--catalog-timeout must be a whole number of milliseconds, not "-5"/],
    ] as const) {
      figures.add("badInputsTried");
      const r = await schemastack(["plan", "--database-url", db.url, "--desired", "x.json", flag, value]);
      assert.strictEqual(r.code, 2, r.stderr);
      assert.match(r.stderr, expect);
      figures.add("badInputsRejectedCleanly");
    }
  });
});
