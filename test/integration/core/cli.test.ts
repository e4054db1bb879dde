import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { TestDatabase, createTestDatabase } from "../../support/env";

const bin = path.join(__dirname, "../../../cli/bin/schemastack");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
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

describe("schemastack CLI (inspect / plan / apply)", function () {
  let db: TestDatabase;
  let url: string;
  let dir: string;
  const secret = "Sup3rSecretPw";
  before(async () => {
    db = await createTestDatabase("core_cli");
    // trust auth ignores the password: it is only there to prove it is never printed
    const u = new URL(db.url);
    u.password = secret;
    url = u.toString();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-cli-"));
  });
  after(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("--help lists the commands and each command has --help", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    for (const c of ["inspect", "plan", "apply"]) assert.match(help.stdout, new RegExp(`\\n  ${c} `));
    const applyHelp = await run(["apply", "--help"]);
    assert.equal(applyHelp.code, 0);
    assert.match(applyHelp.stdout, /--allow-data-loss/);
    assert.match(applyHelp.stdout, /--lock-timeout MS/);
  });

  it("applies a .sql desired schema, then plan says no changes", async () => {
    const sqlFile = path.join(dir, "schema.sql");
    fs.writeFileSync(
      sqlFile,
      "create table users (id bigint generated always as identity primary key, email text not null check (email <> ''));\n" +
        "create index users_email on users (lower(email));\n",
    );
    const apply = await run(["apply", "--database-url", url, "--desired", sqlFile, "--lock-timeout", "2000"]);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /applied \d+ step\(s\); the database matches the desired schema/);
    const plan = await run(["plan", "--database-url", url, "--desired", sqlFile]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(plan.stdout.trim(), "no changes");
    for (const r of [apply, plan]) assert.ok(!(r.stdout + r.stderr).includes(secret), "password printed");
    assert.match(plan.stderr, /target: postgres:\/\/postgres:\*\*\*@/);
  });

  it("inspect prints a JSON spec that plans to no changes, and TypeScript for the component API", async () => {
    const json = await run(["inspect", "--database-url", url]);
    assert.equal(json.code, 0, json.stderr);
    const spec = JSON.parse(json.stdout) as { schemas: { public: { tables: Record<string, unknown> } } };
    assert.deepEqual(Object.keys(spec.schemas.public.tables), ["users"]);
    const specFile = path.join(dir, "spec.json");
    fs.writeFileSync(specFile, json.stdout);
    const plan = await run(["plan", "--database-url", url, "--desired", specFile, "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(JSON.parse(plan.stdout).steps, []);
    const ts = await run(["inspect", "--database-url", url, "--format", "ts"]);
    assert.match(ts.stdout, /new Database\("app", \{ connection, backup: false \}\)/);
    assert.match(ts.stdout, /db\.table\("users", \{/);
  });

  it("renders a hand-written JSON spec so user-written expressions converge", async () => {
    const specFile = path.join(dir, "hand.json");
    fs.writeFileSync(
      specFile,
      JSON.stringify({
        schemas: {
          public: {
            tables: {
              users: {
                columns: {
                  id: { type: "int8", identity: "always", primaryKey: true },
                  email: { type: "text", nullable: false },
                },
                constraints: { users_email_check: { type: "check", expression: "email <> ''" } },
                indexes: { users_email: { columns: [{ expression: "lower(email)" }] } },
              },
              notes: {
                columns: {
                  body: { type: "varchar(200)", default: "'empty'" },
                  price: { type: "numeric(8,2)" },
                },
                constraints: { price_pos: { type: "check", expression: "price > 0" } },
              },
            },
          },
        },
      }),
    );
    const plan = await run(["plan", "--database-url", url, "--desired", specFile, "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    const steps = JSON.parse(plan.stdout).steps as Array<{ objectKey: string }>;
    assert.deepEqual(
      steps.map((s) => s.objectKey),
      ["table:public.notes"],
    );
    const apply = await run(["apply", "--database-url", url, "--desired", specFile]);
    assert.equal(apply.code, 0, apply.stderr);
    const again = await run(["plan", "--database-url", url, "--desired", specFile]);
    assert.equal(again.stdout.trim(), "no changes");
  });

  it("refuses drops without --allow-data-loss and changes nothing", async () => {
    const specFile = path.join(dir, "drop.json");
    fs.writeFileSync(
      specFile,
      JSON.stringify({
        schemas: {
          public: {
            tables: {
              notes: {
                columns: {
                  body: { type: "varchar(200)", default: "'empty'::character varying" },
                  price: { type: "numeric(8,2)" },
                },
                constraints: { price_pos: { type: "check", expression: "(price > (0)::numeric)" } },
              },
            },
          },
        },
      }),
    );
    const plan = await run(["plan", "--database-url", url, "--desired", specFile]);
    assert.equal(plan.code, 3);
    assert.match(plan.stdout, /drop table public\.users/);
    const refused = await run(["apply", "--database-url", url, "--desired", specFile]);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /refusing 1 destructive step\(s\)[\s\S]*drop table public\.users/);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const still = await client.query("select to_regclass('public.users') as r");
    await client.end();
    assert.equal(still.rows[0].r, "users");
    const allowed = await run(["apply", "--database-url", url, "--desired", specFile, "--allow-data-loss"]);
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it("reports validation errors precisely, before connecting", async () => {
    const specFile = path.join(dir, "bad.json");
    fs.writeFileSync(
      specFile,
      JSON.stringify({
        schemas: { public: { tables: { users: { columns: { email: { type: "txet" } } } } } },
      }),
    );
    const r = await run([
      "plan",
      "--database-url",
      "postgres://u:" + secret + "@127.0.0.1:1/none",
      "--desired",
      specFile,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /table "users", column "email": unknown type "txet"/);
    assert.ok(!r.stderr.includes(secret));
  });
});
