// Live dependencies and the managed scope on real Postgres: a hand-made view blocks a type change
// before anything runs (database byte-for-byte unchanged), and objects a library created, ignored
// by pattern, are never planned, dropped or reported while a declared FK into them is created.
// (Drop/create orders that only a dependency graph gets right converge in the corpus, cases
// "drop two tables where one references the other", "... foreign-key cycle ...".)
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaSpec, fromSpec } from "../../../core/model";
import { UnmanagedDependentError, buildPlan } from "../../../core/plan";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { TestDatabase, createTestDatabase } from "../../support/env";

const bin = path.join(__dirname, "../../../cli/bin/schemastack");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

const usersSpec = (emailType: string): SchemaSpec => ({
  schemas: {
    public: {
      tables: {
        users: {
          columns: {
            id: { type: "bigint", identity: "always", primaryKey: true },
            email: { type: emailType, nullable: false },
          },
        },
      },
    },
  },
});

describe("live dependencies and managed scope (real Postgres)", function () {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-deps-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("a hand-made view on a column whose type the plan changes", () => {
    let db: TestDatabase;
    let client: Client;
    before(async () => {
      db = await createTestDatabase("core_deps_view");
      client = new Client({ connectionString: db.url });
      await client.connect();
      await applySchema(client, fromSpec(usersSpec("text")));
      await client.query("insert into users (email) values ('a@example.com'), ('b@example.com')");
      await client.query("create view user_emails as select id, lower(email) as email from users");
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    it("is refused before any change, naming the view and the column; the database is unchanged", async () => {
      const before = await snapshotDatabase(db.url);
      const desired = fromSpec(usersSpec("character varying(200)"));
      const error = await applySchema(client, desired, { allowDataLoss: true }).catch((e: unknown) => e);
      assert.ok(error instanceof UnmanagedDependentError, String(error));
      assert.match(error.message, /view public\.user_emails/);
      assert.match(error.message, /column public\.users\.email/);
      assert.match(error.message, /change type of public\.users\.email/);
      assert.deepStrictEqual(await snapshotDatabase(db.url), before);

      // the same refusal through the CLI: plan shows it (exit 4), apply refuses it (exit 4)
      const file = path.join(dir, "users-varchar.json");
      fs.writeFileSync(file, JSON.stringify(usersSpec("character varying(200)")));
      const plan = await cli(["plan", "--database-url", db.url, "--desired", file]);
      assert.equal(plan.code, 4, plan.stdout + plan.stderr);
      assert.match(
        plan.stdout,
        /apply refuses this plan[\s\S]*view public\.user_emails depends on column public\.users\.email/,
      );
      const apply = await cli(["apply", "--database-url", db.url, "--desired", file, "--allow-data-loss"]);
      assert.equal(apply.code, 4, apply.stdout + apply.stderr);
      assert.match(apply.stderr, /view public\.user_emails/);
      assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    });

    it("reads the dependency in the one extra introspection query", async () => {
      const live = await introspect(client, { schemas: ["public"] });
      assert.ok(
        live.dependencies.some(
          (d) => d.dependent === "view:public.user_emails" && d.referenced === "column:public.users.email",
        ),
        JSON.stringify(live.dependencies),
      );
      // a rename is followed by Postgres: not blocked
      const renamed = fromSpec({
        schemas: {
          public: {
            tables: {
              users: {
                columns: {
                  id: { type: "bigint", identity: "always", primaryKey: true },
                  mail: { type: "text", nullable: false, renamedFrom: "email" },
                },
              },
            },
          },
        },
      });
      assert.equal(buildPlan(live, renamed).unmanagedDependents, undefined);
    });
  });

  describe("objects created by a library, ignored by pattern", () => {
    let db: TestDatabase;
    let client: Client;
    const declared = (withMine: boolean): SchemaSpec => ({
      schemas: {
        public: {
          tables: {
            accounts: { columns: { id: { type: "bigint", primaryKey: true }, name: { type: "text" } } },
            ...(withMine
              ? {
                  mine: {
                    columns: { id: { type: "bigint", primaryKey: true }, item_id: { type: "bigint" } },
                    constraints: {
                      mine_item_id_fkey: {
                        type: "foreignKey" as const,
                        columns: ["item_id"],
                        references: { table: "lib_items", columns: ["id"] },
                      },
                    },
                  },
                }
              : {}),
          },
        },
      },
    });
    const libraryObjects = async () =>
      (
        await client.query<{ o: string }>(
          `select relname as o from pg_class where relname like 'lib\\_%' escape '\\'
           union all select proname from pg_proc where proname like 'lib\\_%' escape '\\' order by 1`,
        )
      ).rows.map((r) => r.o);

    before(async () => {
      db = await createTestDatabase("core_deps_scope");
      client = new Client({ connectionString: db.url });
      await client.connect();
      await applySchema(client, fromSpec(declared(false)));
      // "the library": a table, an index (on a declared table) and a function
      await client.query(`
        create table lib_items (id bigint primary key, v text);
        create index lib_accounts_name_idx on accounts (name);
        create function lib_touch() returns integer language sql as 'select 1';
        insert into lib_items values (1, 'x');`);
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    it("plan shows no changes for them, apply never drops them, the foreign key into them is created", async () => {
      const file = path.join(dir, "scoped.json");
      fs.writeFileSync(file, JSON.stringify(declared(true)));
      const scopeFile = path.join(dir, "scope.json");
      fs.writeFileSync(scopeFile, JSON.stringify({ ignore: [{ kind: "table", name: "lib_*" }] }));
      const scope = ["--scope", scopeFile, "--ignore", "index:lib_*", "--ignore", "function:lib_*"];

      // without the scope the FK into an undeclared table is a validation error
      const unscoped = await cli(["plan", "--database-url", db.url, "--desired", file]);
      assert.equal(unscoped.code, 1, unscoped.stdout + unscoped.stderr);
      assert.match(unscoped.stderr, /references undeclared table "lib_items"/);

      const plan = await cli(["plan", "--database-url", db.url, "--desired", file, ...scope]);
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.ok(!/lib_/.test(plan.stdout.replace(/REFERENCES public\.lib_items/g, "")), plan.stdout);
      assert.match(plan.stdout, /create table public\.mine/);
      assert.match(plan.stdout, /add foreign key mine_item_id_fkey on public\.mine/);

      const before = await libraryObjects();
      const apply = await cli(["apply", "--database-url", db.url, "--desired", file, ...scope]);
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      assert.deepEqual(await libraryObjects(), before);
      const fk = await client.query(
        "select confrelid::regclass::text as target from pg_constraint where conname = 'mine_item_id_fkey'",
      );
      assert.deepEqual(fk.rows, [{ target: "lib_items" }]);

      const again = await cli(["plan", "--database-url", db.url, "--desired", file, ...scope]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(again.stdout.trim(), "no changes");
    });
  });
});
