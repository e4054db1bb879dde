// Roles a rehearsal creates on a branch that shares the parent's cluster are dropped after it;
// roles that existed before it are kept, with everything they own and were granted.
import * as assert from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { dropRehearsalRoles, rolesBeforeRehearsal } from "../../../core/branch/rehearsal-roles";
import { fromSpec } from "../../../core/model";
import { LocalBranchDriver } from "../../../core/branch";
import { rehearsalProvider } from "../../../dynamic-providers/runtime/rehearsal-provider";
import { encodeSchema } from "../../../dynamic-providers/schema-encoding";
import { createTestDatabase, testEnv, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";

describe("rehearsal roles (issue 17: roles are cluster-wide)", function () {
  this.timeout(120_000);
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const existing = `rr_existing_${suffix}`;
  const fresh = `rr_fresh_${suffix}`;
  const member = `rr_member_${suffix}`;
  let adminUrl: string;
  let parent: TestDatabase;

  before(async () => {
    adminUrl = (await testEnv()).adminUrl;
    await query(adminUrl, `create role ${existing} nologin`);
    parent = await createTestDatabase("rehearsal_roles");
  });
  after(async () => {
    await parent?.drop();
    for (const r of [existing, fresh, member])
      await query(adminUrl, `drop role if exists ${r}`).catch(() => undefined);
  });

  it("drops the declared roles the rehearsal created, after it, and keeps the ones that existed", async () => {
    const driver = new LocalBranchDriver();
    const branch = await driver.createBranch(parent.url, { name: `rr_${suffix}` });
    const client = new Client({ connectionString: branch.connectionUrl });
    await client.connect();
    try {
      const desired = fromSpec({
        roles: { [existing]: {}, [fresh]: {}, [member]: { memberOf: [fresh] } },
        schemas: {
          public: {
            tables: {
              t: {
                columns: { id: { type: "bigint", primaryKey: true } },
                owner: fresh,
                grants: { [existing]: ["select"], [member]: ["select", "insert"] },
              },
            },
            sequences: { q: { grants: { [fresh]: ["usage"] } } },
          },
        },
      });
      const before = await rolesBeforeRehearsal(client);
      await applySchema(client, desired);
      const cleanup = await dropRehearsalRoles(
        client,
        (desired.roles ?? []).map((r) => r.name),
        before,
      );
      assert.deepStrictEqual(cleanup, { dropped: [fresh, member].sort(), left: [] });
      const roles = await query<{ rolname: string }>(
        adminUrl,
        "select rolname from pg_roles where rolname = any($1::text[]) order by 1",
        [[existing, fresh, member]],
      );
      assert.deepStrictEqual(
        roles.map((r) => r.rolname),
        [existing],
      );
    } finally {
      await client.end();
      await driver.deleteBranch(branch);
    }
  });

  it("the rehearsal resource creates the declared roles on its branch and leaves none behind", async () => {
    const desired = fromSpec({
      roles: { [existing]: {}, [fresh]: {} },
      schemas: {
        public: {
          tables: {
            r: {
              columns: { id: { type: "bigint", primaryKey: true } },
              owner: fresh,
              grants: { [existing]: ["select"] },
            },
          },
        },
      },
    });
    const outs = await rehearsalProvider.create!({
      parentConnection: parent.url,
      driver: { kind: "local" },
      fingerprint: `rr${suffix}`.replace(/[^a-z0-9]/g, ""),
      schema: encodeSchema(desired),
      ignoreChanges: {},
      managedScope: null,
      allowDataLoss: false,
      smokeSql: [`select 1 from pg_roles where rolname = '${fresh}' having count(*) = 1`],
      keepBranch: false,
      rehearsedAt: null,
      durationMs: null,
      steps: null,
      keptBranch: null,
      copy: null,
    });
    // The rehearsal ran the role's creation and its ownership on the branch...
    assert.ok(outs.outs?.steps?.some((s: { sql: string }) => s.sql.includes(`OWNER TO ${fresh}`)));
    // ...and the cluster has only the role that existed before.
    const roles = await query<{ rolname: string }>(
      adminUrl,
      "select rolname from pg_roles where rolname = any($1::text[]) order by 1",
      [[existing, fresh]],
    );
    assert.deepStrictEqual(
      roles.map((r) => r.rolname),
      [existing],
    );
  });
});
