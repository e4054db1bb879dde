// Issue 17 through the real pulumi CLI: declared roles, grants, row-level security and policies.
// An app role (a login role whose password is a Pulumi secret) may SELECT and INSERT but not
// DELETE, checked by connecting as that role; a policy limits the rows it sees (checked with
// SET ROLE too); a GRANT made by hand shows as drift in `preview` and `up` revokes it; the password
// is stored only as a SCRAM verifier and never appears in the state, the output or an error; and a
// role removed from the program is not dropped while it owns an object in another database.
import * as assert from "assert";
import { Client } from "pg";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { scramVerifier } from "../../core/apply/role-admin";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { query } from "../support/sql";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

function findFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(full) : [full];
  });
}

const program = path.join(__dirname, "fixtures", "spec-program");
// Roles are cluster-wide and the test cluster is shared: names unique to this run.
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const app = `acl_e2e_app_${suffix}`;
const readers = `acl_e2e_readers_${suffix}`;
const password = `s3cret-${suffix}-Pw!`;

const notes = {
  columns: {
    id: { type: "bigint", identity: "by default", primaryKey: true },
    author: { type: "text", nullable: false, default: "CURRENT_USER" },
    body: { type: "text" },
  },
  rowLevelSecurity: true,
  policies: {
    own_rows: { command: "select", to: [app], using: "(author = CURRENT_USER)" },
    insert_own: { command: "insert", to: [app], withCheck: "(author = CURRENT_USER)" },
  },
  grants: { [app]: ["select", "insert"] },
};

const spec = (extra: Record<string, unknown> = {}) => ({
  version: "1.0.0",
  roles: { [readers]: {}, [app]: { login: true, memberOf: [readers], password: true } },
  tables: { notes },
  schemas: { public: { grants: { PUBLIC: ["usage"], [readers]: ["usage"] } } },
  ...extra,
});

const texts = (events: EngineEvent[]) =>
  events.map((e) => e.diagnosticEvent?.message ?? "").filter((m) => m.length > 0);
const warnings = (events: EngineEvent[]) =>
  events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());

async function asRole<T>(url: string, role: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  const client = new Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("access control through the real pulumi CLI (issue 17)", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let other: TestDatabase;
  let stack: Stack;
  let env: Record<string, string>;
  const outputs: string[] = [];

  const setSpec = (value: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(value) });

  before(async () => {
    db = await createTestDatabase("acl_e2e");
    other = await createTestDatabase("acl_e2e_other");
    ({ stack, env } = await openStack(program, "acl"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await stack.setConfig("schemastack-test:rolePassword", { value: password, secret: true });
    await setSpec(spec());
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
    await other?.drop();
    for (const role of [app, readers])
      await query(db.url.replace(/\/[^/]*$/, "/postgres"), `drop role if exists ${role}`).catch(
        () => undefined,
      );
  });

  it("up creates the roles, row-level security, policies and grants", async () => {
    const up = await stack.up({ onOutput: (o) => outputs.push(o) });
    outputs.push(up.stdout, up.stderr);
    assert.strictEqual(up.summary.result, "succeeded");
    const roles = await query<{ rolname: string; rolcanlogin: boolean }>(
      db.url,
      "select rolname, rolcanlogin from pg_roles where rolname = any($1) order by 1",
      [[app, readers]],
    );
    assert.deepStrictEqual(
      roles.map((r) => [r.rolname, r.rolcanlogin]),
      [
        [app, true],
        [readers, false],
      ].sort(),
    );
  });

  it("the app role can SELECT and INSERT but not DELETE (connected as that role)", async () => {
    await asRole(db.url, app, async (c) => {
      await c.query("insert into notes (body) values ('mine')");
      const mine = await c.query("select body from notes");
      assert.deepStrictEqual(mine.rows, [{ body: "mine" }]);
      await assert.rejects(c.query("delete from notes"), /permission denied for table notes/);
    });
  });

  it("a policy limits the rows the role sees (SET ROLE)", async () => {
    await query(db.url, "insert into notes (author, body) values ('someone_else', 'theirs')");
    const admin = await query<{ n: number }>(db.url, "select count(*)::int as n from notes");
    assert.strictEqual(admin[0].n, 2);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`set role ${app}`);
      const seen = await client.query("select author, body from notes");
      assert.deepStrictEqual(seen.rows, [{ author: app, body: "mine" }]);
      await assert.rejects(
        client.query("insert into notes (author, body) values ('someone_else', 'forged')"),
        /row-level security policy/,
      );
    } finally {
      await client.end();
    }
  });

  it("a GRANT made by hand is drift in preview, and up revokes it", async () => {
    await query(db.url, `grant delete on notes to ${app}`);
    await query(db.url, `grant create on schema public to ${app}`);
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    outputs.push(preview.stdout, preview.stderr, ...texts(events));
    const drift = warnings(events).join("\n");
    assert.match(drift, /drift: table "public\.notes": grants is .*"delete".* in the database, declared/);
    assert.match(drift, new RegExp(`drift: revoke create on schema public from ${app}`));
    assert.ok((preview.changeSummary.update ?? 0) >= 1, JSON.stringify(preview.changeSummary));
    const up = await stack.up({ onOutput: (o) => outputs.push(o) });
    assert.strictEqual(up.summary.result, "succeeded");
    const can = await query<{ d: boolean }>(
      db.url,
      "select has_table_privilege($1, 'notes', 'DELETE') as d",
      [app],
    );
    assert.strictEqual(can[0].d, false);
    const create = await query<{ c: boolean }>(
      db.url,
      "select has_schema_privilege($1, 'public', 'CREATE') as c",
      [app],
    );
    assert.strictEqual(create[0].c, false);
    const next = await stack.preview();
    assert.deepStrictEqual(Object.keys(next.changeSummary), ["same"], JSON.stringify(next.changeSummary));
  });

  it("the password is stored as a SCRAM verifier of the secret, and appears in no state, output or error", async () => {
    const stored = await query<{ p: string }>(
      db.url,
      "select rolpassword as p from pg_authid where rolname = $1",
      [app],
    );
    const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored[0].p);
    assert.ok(m, "not a SCRAM verifier");
    assert.strictEqual(scramVerifier(password, Buffer.from(m[2], "base64"), Number(m[1])), stored[0].p);
    // The backend's files as stored (checkpoints and history, gzip ones unpacked): `stack export`
    // would decrypt secrets itself.
    const backendDir = (env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
    const files = findFiles(backendDir)
      .map((f) => ({
        f,
        text: (f.endsWith(".gz") ? zlib.gunzipSync(fs.readFileSync(f)) : fs.readFileSync(f)).toString(
          "latin1",
        ),
      }))
      .filter((x) => x.text.includes(db.name));
    assert.ok(files.length > 0, "no state file of this stack found");
    assert.ok(
      files.some((x) => x.text.includes(app)),
      "the state does not mention the role at all (wrong search)",
    );
    for (const x of files) assert.ok(!x.text.includes(password), `the password is in ${x.f} in plain text`);
    for (const text of outputs) assert.ok(!text.includes(password), "the password was printed");
  });

  it("a role removed from the program is not dropped while it owns an object elsewhere, then is", async () => {
    await query(other.url, "create table owned_elsewhere (id int)");
    await query(other.url, `alter table owned_elsewhere owner to ${app}`);
    await query(db.url, `delete from notes`);
    const withoutApp = spec({
      roles: { [readers]: {} },
      tables: { notes: { ...notes, policies: {}, grants: {} } },
    });
    await setSpec(withoutApp);
    const failed = await stack.up({ onOutput: (o) => outputs.push(o) }).then(
      () => "succeeded",
      (e: Error) => e.message,
    );
    assert.match(
      failed,
      new RegExp(`refusing to drop role "${app}".*owns objects: 1 in database "${other.name}"`, "s"),
    );
    assert.ok(!failed.includes(password));
    const still = await query(db.url, "select 1 from pg_roles where rolname = $1", [app]);
    assert.strictEqual(still.length, 1);
    await query(other.url, "drop table owned_elsewhere");
    await stack.cancel().catch(() => undefined);
    const up = await stack.up({ onOutput: (o) => outputs.push(o) });
    assert.strictEqual(up.summary.result, "succeeded");
    const gone = await query(db.url, "select 1 from pg_roles where rolname = $1", [app]);
    assert.strictEqual(gone.length, 0);
  });
});
