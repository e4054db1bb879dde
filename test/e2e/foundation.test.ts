// Foundation: the real pulumi CLI (built from Go modules), our language host, the dynamic
// provider launcher, a file backend and a private Postgres cluster, end to end.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { Client } from "pg";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack, pulumiCommand } from "../support/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";

describe("foundation: real pulumi up of a dynamic resource", function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let stack: Stack;

  before(async () => {
    db = await createTestDatabase("foundation");
    ({ stack } = await openStack(path.join(__dirname, "fixtures", "first-table"), "foundation"));
    await stack.setConfig("databaseUrl", { value: db.url, secret: true });
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("uses the pinned pulumi CLI built from Go modules", async () => {
    const cli = await pulumiCommand();
    const printed = execFileSync(cli.command, ["version"], { encoding: "utf8" }).trim();
    console.log(`      pulumi binary: ${cli.command} ${printed}`);
    assert.strictEqual(printed, "v3.248.0");
    assert.strictEqual(cli.version?.toString(), "3.248.0");
  });

  it("up creates the table in Postgres", async () => {
    const { events, onEvent } = eventCollector();
    const result = await stack.up({ onEvent });
    assert.strictEqual(result.summary.result, "succeeded");
    assert.strictEqual(result.summary.resourceChanges?.create, 2); // the stack + the table
    assert.deepStrictEqual(await columnsOf(db.url, "widgets"), ["id", "name"]);
    const created = events.filter((e) => e.resOutputsEvent?.metadata.op === "create");
    assert.ok(
      created.some(
        (e) => e.resOutputsEvent?.metadata.type === "pulumi-nodejs:dynamic/schemastack:FirstTable",
      ),
    );
  });

  it("a second preview shows no changes", async () => {
    const preview = await stack.preview();
    assert.deepStrictEqual(preview.changeSummary, { same: 2 });
  });

  it("an ALTER made outside Pulumi shows up in preview as an update of the table", async () => {
    await sql(db.url, "alter table widgets add column price numeric");
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    assert.strictEqual(preview.changeSummary.update, 1);
    const planned = events.map((e) => e.resourcePreEvent?.metadata).filter((m) => m?.op === "update");
    assert.deepStrictEqual(
      planned.map((m) => m?.urn.split("::").pop()),
      ["widgets"],
    );
  });

  it("destroy removes the table", async () => {
    const result = await stack.destroy();
    assert.strictEqual(result.summary.result, "succeeded");
    assert.deepStrictEqual(await columnsOf(db.url, "widgets"), []);
  });
});

async function sql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function columnsOf(url: string, table: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      "select attname from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped order by attnum",
      [table],
    );
    return result.rows.map((r: { attname: string }) => r.attname);
  } finally {
    await client.end();
  }
}
