// Issue 7 end to end: staging rehearses on a branch of prod before applying to staging; prod only
// takes the schema staging applied and rehearsed.
import * as assert from "assert";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { TestDatabase, testEnv } from "../support/env";
import { upPromotionPair } from "../support/pulumi";
import { columnTypes, indexNames, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const base = {
  version: "1.0.0",
  tables: {
    accounts: {
      columns: {
        id: { type: "bigint", primaryKey: true },
        email: { type: "text" },
        region: { type: "text" },
      },
    },
  },
};

function withChange(
  version: string,
  change: (columns: Record<string, unknown>, table: Record<string, unknown>) => void,
) {
  const spec = structuredClone(base) as typeof base & { tables: { accounts: Record<string, unknown> } };
  spec.version = version;
  change(spec.tables.accounts.columns as Record<string, unknown>, spec.tables.accounts);
  return spec;
}

/**
 * Rehearsal branches of `parent` left on the server. Other suites rehearse on the same server at the
 * same time, so a branch whose marker names another parent is theirs; one without a marker counts.
 */
async function branchesLeft(parent: string): Promise<string[]> {
  const env = await testEnv();
  const rows = await query<{ datname: string; marker: string | null }>(
    env.adminUrl,
    "select datname, shobj_description(oid, 'pg_database') as marker from pg_database where datname like 'rehearsal%'",
  );
  const parentOf = (marker: string | null): string | undefined => {
    try {
      return (JSON.parse((marker ?? "").slice((marker ?? "").indexOf("{"))) as { parent?: string }).parent;
    } catch {
      return undefined;
    }
  };
  return rows.filter((r) => [undefined, parent].includes(parentOf(r.marker))).map((r) => r.datname);
}

describe("staging rehearsal on a branch of prod, and promotion to prod", function () {
  this.timeout(900_000);
  let prodDb: TestDatabase;
  let stagingDb: TestDatabase;
  let staging: Stack;
  let prod: Stack;

  before(async () => {
    // Both databases start at the base schema; prod has the data staging lacks.
    ({ prodDb, stagingDb, staging, prod } = await upPromotionPair(program, "", base));
    await query(
      prodDb.url,
      "insert into accounts (id, email, region) values (1, 'a@x', 'eu'), (2, null, 'eu'), (3, 'c@x', 'us'), (4, 'c@x', 'us')",
    );
  });

  after(async () => {
    for (const s of [prod, staging])
      await s?.workspace.removeStack(s.name, { force: true }).catch(() => undefined);
    await prodDb?.drop();
    await stagingDb?.drop();
  });

  for (const [what, spec, reason] of [
    [
      "NOT NULL on a column with NULLs in prod",
      withChange("1.1.0", (c) => (c.email = { type: "text", nullable: false })),
      /email|null/i,
    ],
    [
      "a unique index over duplicates in prod",
      withChange(
        "1.1.0",
        (_c, t) => (t.indexes = { accounts_email_key: { columns: ["email"], unique: true } }),
      ),
      /duplicate|unique/i,
    ],
  ] as const) {
    it(`fails in rehearsal for ${what}, leaving prod, staging and no branch behind`, async () => {
      const prodBefore = await columnTypes(prodDb.url, "accounts");
      const stagingBefore = await columnTypes(stagingDb.url, "accounts");
      await staging.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });
      await assert.rejects(staging.up(), (error: Error) => {
        assert.match(error.message, /rehearsal on a branch of the parent database failed/);
        assert.match(error.message, reason);
        return true;
      });
      assert.deepStrictEqual(await columnTypes(prodDb.url, "accounts"), prodBefore);
      assert.deepStrictEqual(await columnTypes(stagingDb.url, "accounts"), stagingBefore);
      assert.deepStrictEqual(await indexNames(stagingDb.url, "accounts"), ["accounts_pkey"]);
      assert.deepStrictEqual(
        await query(
          stagingDb.url,
          "select is_nullable from information_schema.columns where table_name = 'accounts' and column_name = 'email'",
        ),
        [{ is_nullable: "YES" }],
      );
      assert.deepStrictEqual(await branchesLeft(prodDb.name), []);
    });
  }

  it("a good migration rehearses, applies to staging, and prod takes exactly that fingerprint", async () => {
    const good = withChange(
      "1.2.0",
      (c) => (c.created_at = { type: "timestamptz", nullable: false, default: "now()" }),
    );
    await staging.setConfig("schemastack-test:spec", { value: JSON.stringify(good) });
    const up = await staging.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual(up.outputs.rehearsedFingerprint.value, up.outputs.appliedFingerprint.value);
    assert.ok((await columnTypes(stagingDb.url, "accounts")).created_at);
    assert.strictEqual(
      (await columnTypes(prodDb.url, "accounts")).created_at,
      undefined,
      "the rehearsal must not touch prod",
    );
    assert.deepStrictEqual(await branchesLeft(prodDb.name), []);

    // prod: a different schema is refused in preview already
    const other = withChange("1.3.0", (c) => (c.nickname = { type: "text" }));
    await prod.setConfig("schemastack-test:spec", { value: JSON.stringify(other) });
    await assert.rejects(prod.preview(), /promotion refused: stack "staging\d+" has applied schema/);
    // ... and the same one goes through
    await prod.setConfig("schemastack-test:spec", { value: JSON.stringify(good) });
    const prodUp = await prod.up();
    assert.strictEqual(prodUp.summary.result, "succeeded");
    assert.strictEqual(prodUp.outputs.appliedFingerprint.value, up.outputs.appliedFingerprint.value);
    assert.ok((await columnTypes(prodDb.url, "accounts")).created_at);
    assert.strictEqual((await query(prodDb.url, "select count(*)::int as n from accounts"))[0]?.n, 4);
  });

  it("an explicit override lets prod take a schema staging has not applied", async () => {
    const other = withChange("1.3.0", (c) => {
      c.created_at = { type: "timestamptz", nullable: false, default: "now()" };
      c.nickname = { type: "text" };
    });
    await prod.setAllConfig({
      "schemastack-test:spec": { value: JSON.stringify(other) },
      "schemastack-test:promotionOverride": { value: "true" },
    });
    assert.strictEqual((await prod.up()).summary.result, "succeeded");
    assert.ok((await columnTypes(prodDb.url, "accounts")).nickname);
  });
});
