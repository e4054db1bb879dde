// Least privilege and secrets in failure messages. A role that owns the managed schema but is
// neither superuser nor CREATEDB can apply when declarations are rendered on a dev server; without
// one it gets a message saying so; a role without CREATE on the schema gets a clear permission
// error and nothing changes. Passwords (the role's, the Neon API key, S3 keys) appear in no message.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applySchema } from "../../../core/apply";
import { setRolePassword } from "../../../core/apply/role-admin";
import { BackupError, takeVerifiedBackup } from "../../../core/backup";
import { NeonBranchDriver } from "../../../core/branch";
import { withClient } from "../../../core/pg/with-client";
import { loadDesired } from "../../../cli/load-desired";
import { createTestDatabase, testEnv, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";
import { snapshotDatabase } from "../../support/adversarial/checksum";
import { FigureCounter } from "../../support/adversarial/figures";
import { NeonStandIn } from "../../support/neon-standin/server";

const figures = new FigureCounter("secrets-privilege");

const spec = (schema: string) => ({
  version: "1",
  schemas: {
    [schema]: {
      tables: {
        accounts: {
          columns: {
            id: { type: "bigint", identity: "always", primaryKey: true },
            email: { type: "text", nullable: false },
          },
          indexes: { accounts_email_idx: { columns: ["email"], unique: true } },
        },
      },
    },
  },
});

describe("adversarial: least privilege and secrets in messages", function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let dir: string;
  let adminUrl: string;
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const owner = `adv_owner_${suffix}`;
  const reader = `adv_reader_${suffix}`;
  const ownerPassword = "Own3r-pw-never-printed";
  const readerPassword = "Read3r-pw-never-printed";
  const urlFor = (role: string, password: string) => {
    const u = new URL(db.url);
    u.username = role;
    u.password = password;
    return u.toString();
  };
  const file = (name: string, value: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, JSON.stringify(value));
    return f;
  };
  const noSecret = (text: string, ...secrets: string[]) => {
    figures.add("secretSearches");
    const found = secrets.filter((s) => text.includes(s));
    figures.add("secretLeaks", found.length);
    assert.deepStrictEqual(found, [], `secret in: ${text}`);
  };

  before(async () => {
    adminUrl = (await testEnv()).adminUrl;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-priv-"));
    db = await createTestDatabase("adv_priv");
    await query(
      adminUrl,
      `create role ${owner} login nosuperuser nocreatedb nocreaterole password '${ownerPassword}'`,
    );
    await query(adminUrl, `create role ${reader} login nosuperuser nocreatedb password '${readerPassword}'`);
    await query(db.url, `create schema app authorization ${owner}`);
    await query(db.url, `grant usage on schema app to ${reader}`);
  });
  after(async () => {
    await db?.drop();
    await query(adminUrl, `drop role if exists ${owner}`).catch(() => undefined);
    await query(adminUrl, `drop role if exists ${reader}`).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    figures.report();
  });

  async function applyAs(url: string, devUrl: string, desired: string): Promise<number> {
    const model = await loadDesired({ file: desired, scratchServerUrl: devUrl });
    return withClient(url, async (c) => (await applySchema(c, model)).executedSteps);
  }

  it("the schema owner (no superuser, no CREATEDB) without a dev server: told to use renderOn / --dev-url", async () => {
    figures.add("badInputsTried");
    const url = urlFor(owner, ownerPassword);
    const before = await snapshotDatabase(db.url);
    const error = await applyAs(url, url, file("a.json", spec("app"))).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(error.message, /cannot create a scratch database.*renderOn.*--dev-url/s);
    noSecret(error.message + (error.stack ?? ""), ownerPassword);
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    figures.add("badInputsRejectedCleanly");
  });

  it("the schema owner applies when rendering on a dev server; objects are owned by it; a re-run is a no-op", async () => {
    const url = urlFor(owner, ownerPassword);
    const desired = file("b.json", spec("app"));
    assert.ok((await applyAs(url, adminUrl, desired)) > 0);
    const owners = await query<{ o: string }>(
      db.url,
      "select distinct pg_get_userbyid(relowner) as o from pg_class where relnamespace = 'app'::regnamespace",
    );
    assert.deepStrictEqual(
      owners.map((r) => r.o),
      [owner],
    );
    assert.strictEqual(await applyAs(url, adminUrl, desired), 0);
  });

  it("the schema owner (no superuser) grants, enables row-level security and creates a policy on its tables", async () => {
    const url = urlFor(owner, ownerPassword);
    const wanted = spec("app");
    Object.assign(wanted.schemas.app.tables.accounts, {
      grants: { [reader]: ["select"] },
      rowLevelSecurity: true,
      policies: { readable: { command: "select", to: [reader], using: "true" } },
    });
    const desired = file("acl.json", wanted);
    assert.ok((await applyAs(url, adminUrl, desired)) > 0);
    const can = await query<{ s: boolean; d: boolean }>(
      db.url,
      "select has_table_privilege($1, 'app.accounts', 'SELECT') as s, has_table_privilege($1, 'app.accounts', 'DELETE') as d",
      [reader],
    );
    assert.deepStrictEqual(can, [{ s: true, d: false }]);
    assert.strictEqual(await applyAs(url, adminUrl, desired), 0);
  });

  it("a role the owner may not create (no CREATEROLE): the error names CREATEROLE, nothing changed", async () => {
    figures.add("badInputsTried");
    const url = urlFor(owner, ownerPassword);
    const before = await snapshotDatabase(db.url);
    const wanted = { ...spec("app"), roles: { [`adv_new_${suffix}`]: {} } };
    const error = await applyAs(url, adminUrl, file("role.json", wanted)).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    // Refused from the catalog before any change (CREATE ROLE would fail only once it ran).
    assert.match(error.message, /lacks privileges.*create role adv_new_.*needs CREATEROLE/s);
    noSecret(error.message + (error.stack ?? ""), ownerPassword);
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    figures.add("badInputsRejectedCleanly");
  });

  it("grants on a table another role owns: refused before any change, naming the ownership and the owner", async () => {
    figures.add("badInputsTried");
    await query(db.url, "create table app.audit (id bigint primary key)");
    const before = await snapshotDatabase(db.url);
    const wanted = spec("app");
    (wanted.schemas.app.tables as Record<string, unknown>).audit = {
      columns: { id: { type: "bigint", primaryKey: true } },
      grants: { [reader]: ["select"] },
    };
    const error = await applyAs(urlFor(owner, ownerPassword), adminUrl, file("grant.json", wanted)).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(
      error.message,
      /nothing was changed.*grant select on table app\.audit to .*: needs ownership of table app\.audit \(owned by "[^"]+"; "adv_owner_/s,
    );
    noSecret(error.message + (error.stack ?? ""), ownerPassword);
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    await query(db.url, "drop table app.audit");
    figures.add("badInputsRejectedCleanly");
  });

  it("ALTER OWNER to a role it is not a member of: refused before any change, naming the membership", async () => {
    figures.add("badInputsTried");
    const before = await snapshotDatabase(db.url);
    const wanted = spec("app");
    Object.assign(wanted.schemas.app.tables.accounts, { owner: reader });
    const error = await applyAs(urlFor(owner, ownerPassword), adminUrl, file("owner.json", wanted)).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(
      error.message,
      new RegExp(`make ${reader} the owner of table app\\.accounts: needs membership in role "${reader}"`),
    );
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    figures.add("badInputsRejectedCleanly");
  });

  it("setting a login role's password without CREATEROLE: the error names it, never the password", async () => {
    figures.add("badInputsTried");
    const secret = `Login-pw-${suffix}-never-printed`;
    const error = await withClient(urlFor(owner, ownerPassword), (c) =>
      setRolePassword(c, reader, secret),
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(error.message, /setting the password of role ".*" failed: .*needs CREATEROLE/);
    noSecret(error.message + (error.stack ?? ""), secret, ownerPassword);
    figures.add("badInputsRejectedCleanly");
  });

  it("a role without CREATE on the schema: a clear permission error, nothing changed, no password", async () => {
    figures.add("badInputsTried");
    const url = urlFor(reader, readerPassword);
    const before = await snapshotDatabase(db.url);
    const wanted = spec("app");
    (wanted.schemas.app.tables as Record<string, unknown>).more = {
      columns: { id: { type: "bigint", primaryKey: true } },
    };
    const error = await applyAs(url, adminUrl, file("c.json", wanted)).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(error.message, /permission denied for schema app.*42501/s);
    noSecret(error.message + (error.stack ?? ""), readerPassword);
    assert.deepStrictEqual(await snapshotDatabase(db.url), before);
    figures.add("badInputsRejectedCleanly");
  });

  it("a wrong Neon API key and Neon server errors never print the key", async () => {
    const parent = await createTestDatabase("adv_neon");
    const apiKey = "neon-adv-key-0c7f3e";
    const standIn = new NeonStandIn({ apiKey, parentUrl: parent.url, local: { adminUrl } });
    const baseUrl = await standIn.start();
    try {
      const options = {
        apiKey,
        baseUrl,
        projectId: standIn.project.projectId,
        databaseName: standIn.project.databaseName,
        roleName: standIn.project.roleName,
        pollIntervalMs: 25,
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
      };
      const wrong = "neon-wrong-key-91ab22";
      const e1 = await new NeonBranchDriver({ ...options, apiKey: wrong })
        .createBranch(standIn.project.rootBranchId, { name: "adv" })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      assert.ok(e1);
      noSecret(`${e1.message}\n${e1.stack}\n${JSON.stringify(e1)}`, wrong, apiKey);
      standIn.injectFault({ status: 503, count: 50 });
      const e2 = await new NeonBranchDriver(options)
        .createBranch(standIn.project.rootBranchId, { name: "adv2" })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      assert.ok(e2);
      noSecret(`${e2.message}\n${e2.stack}\n${JSON.stringify(e2)}`, apiKey);
    } finally {
      await standIn.stop();
      await parent.drop();
    }
  });

  it("backup failures print neither the database password nor the S3 secret key", async () => {
    const env = await testEnv();
    const secretAccessKey = "s3-wrong-secret-7e11aa";
    const error = await takeVerifiedBackup({
      databaseUrl: urlFor(owner, ownerPassword),
      target: {
        kind: "s3",
        bucket: env.s3.bucket,
        endpoint: env.s3.endpoint,
        credentials: { accessKeyId: "adv-nobody", secretAccessKey },
        maxAttempts: 1,
      },
      stack: "adv",
      progress: false,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error instanceof BackupError, String(error));
    noSecret(`${error.message}\n${error.stack}`, ownerPassword, secretAccessKey);
  });
});
