// Issue 5 end to end: the real pulumi CLI drives the schema resources against real Postgres.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { columnTypes, constraintNames, indexNames, query } from "../support/sql";

const program = path.join(__dirname, "fixtures", "spec-program");

const v1 = {
  version: "1.0.0",
  enums: { mood: ["happy", "sad"] },
  tables: {
    authors: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        name: { type: "text", nullable: false },
        mood: { type: "mood" },
      },
    },
    posts: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        author_id: { type: "bigint", nullable: false },
        title: { type: "varchar(50)", nullable: false },
        legacy_flag: { type: "boolean" },
      },
      indexes: { posts_title_idx: { columns: ["title"] } },
    },
  },
};

function findFiles(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(full, keep) : keep(full) ? [full] : [];
  });
}

function warnings(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());
}

describe("schema resources through the real pulumi CLI", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;
  let env: Record<string, string>;

  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });

  before(async () => {
    db = await createTestDatabase("resources");
    ({ stack, env } = await openStack(program, "resources"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await setSpec(v1);
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("up creates every object and the version row; an immediate preview reports no changes", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(await columnTypes(db.url, "posts"), {
      id: "bigint",
      author_id: "bigint",
      title: "character varying(50)",
      legacy_flag: "boolean",
    });
    // Columns land in declaration order, whatever order the engine runs resources in.
    assert.deepStrictEqual(Object.keys(await columnTypes(db.url, "posts")), [
      "id",
      "author_id",
      "title",
      "legacy_flag",
    ]);
    assert.deepStrictEqual(await indexNames(db.url, "posts"), ["posts_pkey", "posts_title_idx"]);
    const rows = await query<{ version: string }>(
      db.url,
      "select version from schemastack.schema_version order by id desc limit 1",
    );
    assert.strictEqual(rows[0]?.version, "1.0.0");
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("changes made with psql show up in preview against the right resource, with the property named", async () => {
    await query(db.url, "alter table authors add column nickname text");
    await query(db.url, "alter table posts alter column title type text");
    await query(db.url, "drop index posts_title_idx");
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    const updated = events
      .map((e) => e.resourcePreEvent?.metadata)
      .filter((m) => m?.op === "update")
      .map((m) => m!.urn.split("::").pop())
      .sort();
    // The tables that drifted, and the backup and migration: the database differs from the
    // declaration, so a dump and then the plan will run.
    assert.deepStrictEqual(updated, ["app-backup", "app-migration", "authors", "posts"]);
    assert.strictEqual(preview.changeSummary.update, 4);
    const text = warnings(events).join("\n");
    assert.match(
      text,
      /drift: table "public.authors", column "nickname" exists in the database but is not declared/,
    );
    assert.match(text, /column "title": type is "text" in the database, declared "character varying\(50\)"/);
    assert.match(text, /index "posts_title_idx" is missing from the database/);
  });

  it("up brings the database back to the program (dropping the stray column needs the data-loss opt-in)", async () => {
    await query(db.url, "alter table authors drop column nickname");
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual((await columnTypes(db.url, "posts")).title, "character varying(50)");
    assert.ok((await indexNames(db.url, "posts")).includes("posts_title_idx"));
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("refresh reports live drift property by property", async () => {
    await query(db.url, "alter table posts alter column title type varchar(80)");
    const { events, onEvent } = eventCollector();
    const refresh = await stack.refresh({ onEvent });
    assert.strictEqual(refresh.summary.result, "succeeded");
    const changed = events
      .map((e) => e.resOutputsEvent?.metadata)
      .filter((m) => m !== undefined && m.op !== "same")
      .map((m) => m!.urn.split("::").pop())
      .sort();
    // The column's live type lands in the table's state; the backup and the migration also report
    // that the database now differs from the declaration (the next up dumps, then applies).
    assert.deepStrictEqual(changed, ["app-backup", "app-migration", "posts"]);
    const state = JSON.stringify(await stack.exportStack());
    assert.match(state, /character varying\(80\)/);
    const up = await stack.up(); // the program still says varchar(50): up restores it
    assert.strictEqual(up.summary.result, "succeeded");
    assert.strictEqual((await columnTypes(db.url, "posts")).title, "character varying(50)");
  });

  it("dropping a column without the data-loss opt-in fails clearly and changes nothing", async () => {
    await query(db.url, "insert into authors (name) values ('ada')");
    await query(db.url, "insert into posts (author_id, title, legacy_flag) values (1, 'hello', true)");
    const v2 = structuredClone(v1) as typeof v1;
    delete (v2.tables.posts.columns as Record<string, unknown>).legacy_flag;
    await setSpec(v2);
    const before = await columnTypes(db.url, "posts");
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /legacy_flag/);
      assert.match(error.message, /allowDataLoss/);
      return true;
    });
    assert.deepStrictEqual(await columnTypes(db.url, "posts"), before);
    await setSpec(v1);
  });

  it("one up applies a rename, a type widening, a new index, a new FK and an allowed drop, keeping rows", async () => {
    const v3 = structuredClone(v1) as typeof v1 & { allowDataLoss: boolean };
    v3.version = "2.0.0";
    v3.allowDataLoss = true;
    const posts = v3.tables.posts as (typeof v1.tables)["posts"] & { constraints?: unknown };
    const columns = posts.columns as Record<string, unknown>;
    delete columns.legacy_flag;
    delete columns.title;
    columns.headline = { type: "varchar(200)", nullable: false, renamedFrom: "title" };
    (posts as { indexes: Record<string, unknown> }).indexes = {
      posts_title_idx: { columns: ["headline"] },
      posts_author_idx: { columns: ["author_id"] },
    };
    posts.constraints = {
      posts_author_fkey: {
        type: "foreignKey",
        columns: ["author_id"],
        references: { table: "authors", columns: ["id"] },
      },
    };
    await setSpec(v3);
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(await columnTypes(db.url, "posts"), {
      id: "bigint",
      author_id: "bigint",
      headline: "character varying(200)",
    });
    assert.deepStrictEqual(await indexNames(db.url, "posts"), [
      "posts_author_idx",
      "posts_pkey",
      "posts_title_idx",
    ]);
    assert.ok((await constraintNames(db.url, "posts")).includes("posts_author_fkey"));
    assert.deepStrictEqual(await query(db.url, "select author_id, headline from posts"), [
      { author_id: "1", headline: "hello" },
    ]);
    // The dropped column is a property of its table's resource: nothing is deleted or replaced.
    const changes = up.summary.resourceChanges ?? {};
    assert.strictEqual(changes.delete ?? 0, 0, JSON.stringify(changes));
    assert.strictEqual(changes.replace ?? 0, 0, JSON.stringify(changes));
    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
  });

  it("a declaration Postgres rejects while rendering fails preview quickly, naming the problem", async () => {
    const bad = structuredClone(v1) as typeof v1 & { tables: { posts: { constraints?: unknown } } };
    bad.tables.posts.constraints = { posts_bad_check: { type: "check", expression: "no_such_column > 0" } };
    await setSpec(bad);
    const started = Date.now();
    await assert.rejects(stack.preview(), /could not be rendered: .*no_such_column/);
    assert.ok(Date.now() - started < 60_000, `preview took ${Date.now() - started} ms to fail`);
    await setSpec(v1);
  });

  it("keeps the connection string out of the state file in plain text", async () => {
    const backendDir = (env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
    const files = findFiles(
      backendDir,
      (f) => f.endsWith(".json") && f.includes(`${path.sep}stacks${path.sep}`),
    );
    assert.ok(files.length > 0, `no state files under ${backendDir}`);
    const ours = files.filter((f) => fs.readFileSync(f, "utf8").includes(db.name));
    assert.ok(ours.length > 0, "the stack's state file was not found");
    for (const file of ours) {
      const text = fs.readFileSync(file, "utf8");
      assert.ok(!text.includes(db.url), `connection string in plain text in ${file}`);
      assert.match(text, /ciphertext/);
    }
  });
});
