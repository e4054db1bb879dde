// Adversarial bad input through the real `schemastack` CLI processes (plan and apply): a
// representative subset of the table plus what only the CLI sees (flags, URLs, missing files).
// Each must exit non-zero with its specific message on stderr and leave the database unchanged.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { FigureCounter } from "../../support/adversarial/figures";
import {
  BadInputCase,
  badInputCases,
  baseline,
  seedSql,
  toSchemaSpec,
} from "../../support/adversarial/bad-inputs";
import { schemastack } from "../../support/adversarial/processes";

const figures = new FigureCounter("bad-input-cli");

const subset = [
  "two tables differing only in case",
  "injection in an index predicate",
  "desired .sql with a syntax error",
  "unknown extension",
  "serial column with an explicit conflicting default",
];

describe("adversarial: bad input through the schemastack CLI (real processes)", function () {
  this.timeout(300_000);
  let dir: string;
  let db: TestDatabase;
  let url: string;
  const password = "Cli-Adv3rsarial-pw";

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-bad-cli-"));
    db = await createTestDatabase("adv_bad_cli");
    // trust auth ignores the password; it is there to prove no message prints it
    const u = new URL(db.url);
    u.password = password;
    url = u.toString();
    const base = write("baseline.json", JSON.stringify(toSchemaSpec(baseline())));
    const r = await schemastack(["apply", "--database-url", url, "--desired", base]);
    assert.strictEqual(r.code, 0, r.stderr);
    for (const sql of seedSql) await query(db.url, sql);
  });
  after(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    figures.report();
  });

  async function expectRejected(args: string[], exitCode: number, message: RegExp): Promise<void> {
    figures.add("badInputsTried");
    const before = await snapshotDatabase(db.url);
    const r = await schemastack(args);
    assert.strictEqual(r.code, exitCode, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, message);
    figures.add("secretSearches");
    if ((r.stdout + r.stderr).includes(password)) {
      figures.add("secretLeaks");
      assert.fail("the password was printed");
    }
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    figures.add("badInputsRejectedCleanly");
  }

  function fileFor(c: BadInputCase): string {
    const spec = baseline();
    c.mutate?.(spec);
    return write(
      `case-${subset.indexOf(c.id)}.${c.raw?.ext ?? "json"}`,
      c.raw ? c.raw.text : JSON.stringify(toSchemaSpec(spec)),
    );
  }

  for (const id of subset) {
    it(`apply --allow-data-loss rejects: ${id}`, async () => {
      const c = badInputCases.find((x) => x.id === id);
      assert.ok(c, `no case "${id}"`);
      const args = ["apply", "--database-url", url, "--desired", fileFor(c), "--allow-data-loss"];
      if (c.raw?.ext === "sql") args.push("--schema", "public");
      await expectRejected(args, 1, c.expect ?? /./);
    });
  }

  it("plan rejects an injection in a check expression with its location", async () => {
    const c = badInputCases.find((x) => x.id === "injection in a check expression");
    assert.ok(c);
    await expectRejected(
      ["plan", "--database-url", url, "--desired", fileFor(c)],
      1,
      /constraint "c1": expression .* has an unbalanced `\)`/,
    );
  });

  it("a missing desired file names the file", async () => {
    await expectRejected(
      ["apply", "--database-url", url, "--desired", path.join(dir, "nope.json")],
      1,
      /nope\.json/,
    );
  });

  it("a database URL that is not a URL is refused without echoing it", async () => {
    const base = write("b2.json", JSON.stringify(toSchemaSpec(baseline())));
    await expectRejected(
      ["apply", "--database-url", `not a url ${password}`, "--desired", base],
      2,
      /--database-url must be a postgres:\/\/ URL/,
    );
  });

  it("an unreachable server fails clearly", async () => {
    const base = write("b3.json", JSON.stringify(toSchemaSpec(baseline())));
    const u = new URL(url);
    u.port = "1";
    await expectRejected(
      ["apply", "--database-url", u.toString(), "--desired", base],
      1,
      /ECONNREFUSED|connect/,
    );
  });

  it("a lock timeout that is not a number is a usage error", async () => {
    const base = write("b4.json", JSON.stringify(toSchemaSpec(baseline())));
    await expectRejected(
      ["apply", "--database-url", url, "--desired", base, "--lock-timeout", "soon"],
      2,
      /--lock-timeout must be a whole number of milliseconds, not "soon"/,
    );
  });

  // Round two (issue 22): flags and arguments, each refused with its own message before any connection.
  const flagCases: Array<[string, (base: string) => string[], number, RegExp]> = [
    [
      "--retries that is a word",
      (b) => ["apply", "--database-url", url, "--desired", b, "--retries", "many"],
      2,
      /--retries must be a whole number/,
    ],
    [
      "--statement-timeout with a fraction",
      (b) => ["apply", "--database-url", url, "--desired", b, "--statement-timeout", "1.5"],
      2,
      /--statement-timeout must be a whole number of milliseconds, not "1.5"/,
    ],
    [
      "an unknown option",
      (b) => ["plan", "--database-url", url, "--desired", b, "--bogus"],
      2,
      /unknown option --bogus/,
    ],
    [
      "--desired given twice",
      (b) => ["plan", "--database-url", url, "--desired", b, "--desired", b],
      2,
      /--desired given twice/,
    ],
    ["no --database-url", (b) => ["plan", "--desired", b], 2, /--database-url is required/],
    [
      "a mysql:// database URL",
      (b) => ["plan", "--database-url", url.replace(/^postgres/, "mysql"), "--desired", b],
      2,
      /--database-url must be a postgres:\/\/ URL/,
    ],
    [
      "a --dev-url that is not a URL",
      (b) => ["plan", "--database-url", url, "--desired", b, "--dev-url", `dev ${password}`],
      2,
      /--dev-url must be a postgres:\/\/ URL/,
    ],
    [
      "--lock-timeout without its value",
      (b) => ["apply", "--database-url", url, "--desired", b, "--lock-timeout"],
      2,
      /--lock-timeout needs a value/,
    ],
    [
      "a value given to a flag (--json=yes)",
      (b) => ["plan", "--database-url", url, "--desired", b, "--json=yes"],
      2,
      /--json takes no value/,
    ],
    ["an unknown command", () => ["aply", "--database-url", url], 2, /unknown command "aply"/],
  ];
  for (const [id, args, code, message] of flagCases) {
    it(`refuses ${id}`, async () => {
      const base = write(
        `flags-${flagCases.findIndex((c) => c[0] === id)}.json`,
        JSON.stringify(toSchemaSpec(baseline())),
      );
      await expectRejected(args(base), code, message);
    });
  }
});
