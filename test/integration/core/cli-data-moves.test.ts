// Issue 18 through real `schemastack plan` / `apply` processes with a JSON spec: a backfill, a
// USING conversion and a one-off migration planned, shown and applied; bad backfills refused.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TestDatabase, createTestDatabase } from "../../support/env";
import { query } from "../../support/sql";

const bin = path.join(__dirname, "../../../cli/bin/schemastack");

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const spec = (name: unknown, extra: Record<string, unknown> = {}) => ({
  schemas: {
    public: {
      tables: {
        campaigns: {
          columns: {
            id: { type: "uuid", primaryKey: true },
            title: { type: "text" },
            code: { type: "integer", using: "nullif(code, '')::integer" },
            name,
          },
        },
      },
    },
  },
  ...extra,
});

describe("schemastack plan/apply with data moves (issue 18)", function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let dir: string;
  const write = (file: string, value: unknown) => {
    const p = path.join(dir, file);
    fs.writeFileSync(p, JSON.stringify(value));
    return p;
  };
  before(async () => {
    db = await createTestDatabase("cli_data");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-cli-data-"));
    await query(db.url, "create table campaigns (id uuid primary key, title text, code text)");
    await query(
      db.url,
      "insert into campaigns select gen_random_uuid(), case when i % 10 = 0 then null else 't' || i end, case when i % 3 = 0 then '' else i::text end from generate_series(1, 500) i",
    );
  });
  after(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a backfill over an unknown column, or one yielding NULL for a NOT NULL column, changing nothing", async () => {
    const unknown = write("unknown.json", spec({ type: "text", backfill: "upper(titel)" }));
    const r1 = await run(["apply", "--database-url", db.url, "--desired", unknown]);
    assert.notEqual(r1.code, 0);
    assert.match(
      r1.stderr,
      /table "campaigns", column "name": backfill expression "upper\(titel\)" is refused by Postgres: column "titel" does not exist/,
    );
    const nulls = write("nulls.json", spec({ type: "text", nullable: false, backfill: "title || '!'" }));
    const r2 = await run(["apply", "--database-url", db.url, "--desired", nulls]);
    assert.notEqual(r2.code, 0);
    assert.match(
      r2.stderr,
      /column public\.campaigns\.name: the backfill expression title \|\| '!' yields NULL for 50 row\(s\).*nothing was changed/,
    );
    const cols = await query<{ n: number }>(
      db.url,
      "select count(*)::int as n from pg_attribute where attrelid = 'campaigns'::regclass and attnum > 0 and not attisdropped",
    );
    assert.equal(cols[0].n, 3, "nothing added");
  });

  it("plans, shows and applies a backfill, a USING conversion and a one-off migration, then converges", async () => {
    const file = write(
      "good.json",
      spec(
        {
          type: "text",
          nullable: false,
          backfill: { expression: "coalesce(title, 'Campaign ' || left(id::text, 8))", batchSize: 64 },
        },
        {
          migrations: {
            "2026-12-upper-titles": {
              sql: "UPDATE public.campaigns SET title = upper(title)",
              after: { table: "campaigns", column: "name" },
            },
          },
        },
      ),
    );
    const plan = await run(["plan", "--database-url", db.url, "--desired", file]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(
      plan.stdout,
      /change type of public\.campaigns\.code from text to integer using nullif\(code, ''\)::integer \(rewrites the table\)/,
    );
    assert.match(
      plan.stdout,
      /backfill public\.campaigns\.name where NULL from coalesce\(title, 'Campaign ' \|\| left\(id::text, 8\)\), in batches of 64 rows by \(id\)/,
    );
    assert.match(plan.stdout, /run migration 2026-12-upper-titles \(once per database\)/);
    const lines = plan.stdout.split("\n").filter((l) => /^\d+\. /.test(l));
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    assert.ok(
      at(/add column name/) < at(/backfill/) && at(/backfill/) < at(/NOT VALID check name/),
      lines.join("\n"),
    );
    assert.ok(at(/run migration/) > at(/backfill/), "after the column it names");
    const apply = await run(["apply", "--database-url", db.url, "--desired", file]);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stderr, /backfill public\.campaigns\.name: done, 500 rows filled in 8 batches/);
    const rows = await query<{ ok: number; codes: number }>(
      db.url,
      "select count(*) filter (where name = coalesce(lower(title), 'Campaign ' || left(id::text, 8)) or name = coalesce(title, 'Campaign ' || left(id::text, 8)))::int as ok, count(code)::int as codes from campaigns",
    );
    assert.deepEqual(rows[0], { ok: 500, codes: 334 });
    const again = await run(["plan", "--database-url", db.url, "--desired", file]);
    assert.equal(again.stdout.trim(), "no changes");
  });
});
