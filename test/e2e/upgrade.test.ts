// Issue 20: a stack made by the release before one-resource-per-table (nine resources per table,
// each running its own DDL) upgrades in place with one `pulumi up` of the current code: no DDL,
// no row lost, nothing replaced, and the only deletes are the old per-column/index/constraint
// resources and Table components, whose old provider shell loads this runtime (which drops nothing).
import * as assert from "assert";
import * as automation from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../localenv/paths";
import { createTestDatabase, TestDatabase, testEnv } from "../support/env";
import { eventCollector, openStack, pulumiCommand } from "../support/pulumi";
import { query } from "../support/sql";

/** The last commit with the old resource shape (the release existing stacks were made with). */
const oldRelease = "f66b931";
/**
 * The last commit whose table resources echo their whole declaration (and connection) in their
 * outputs; since then the outputs are a small record with a digest of the declaration.
 */
const fullOutputsRelease = "bbd09d2";

const spec = {
  version: "1.0.0",
  enums: { mood: ["happy", "sad"] },
  tables: {
    authors: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        email: { type: "text", nullable: false, unique: true },
        mood: { type: "mood", default: "'happy'::mood" },
      },
    },
    posts: {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        author_id: { type: "bigint", nullable: false },
        title: { type: "varchar(50)", nullable: false },
      },
      constraints: {
        posts_author_fkey: {
          type: "foreignKey",
          columns: ["author_id"],
          references: { table: "authors", columns: ["id"] },
        },
        posts_title_check: { type: "check", expression: "length(title) > 0" },
      },
      indexes: { posts_title_idx: { columns: ["title"] } },
    },
  },
};

/** The old release's product code and test program, in a folder of this checkout's .schemastack. */
function checkOutOldRelease(release = oldRelease, files: string[] = []): string {
  const dir = path.join(repoRoot, ".schemastack", "tmp", `old-release-${release}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tar = execFileSync(
    "git",
    [
      "archive",
      "--format=tar",
      release,
      "package.json",
      "tsconfig.json",
      "components",
      "core",
      "dynamic-providers",
      "localenv",
      "test/e2e/fixtures/spec-program",
      ...files,
    ],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/** The spec's config for `db`; and a stack of the old release's test program, made with it by one `up`. */
function specConfig(db: TestDatabase): automation.ConfigMap {
  return {
    "schemastack-test:databaseUrl": { value: db.url, secret: true },
    "schemastack-test:spec": { value: JSON.stringify(spec) },
  };
}

async function oldReleaseStack(
  oldDir: string,
  stackName: string,
  db: TestDatabase,
): Promise<automation.Stack> {
  const env = await testEnv();
  const oldWorkspace = await automation.LocalWorkspace.create({
    workDir: path.join(oldDir, "test", "e2e", "fixtures", "spec-program"),
    pulumiCommand: await pulumiCommand(),
    envVars: { ...env.pulumiEnv, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
  const oldStack = await automation.Stack.createOrSelect(stackName, oldWorkspace);
  await oldStack.setAllConfig(specConfig(db));
  assert.strictEqual((await oldStack.up()).summary.result, "succeeded");
  return oldStack;
}

async function removeAll(stackName: string, db: TestDatabase | undefined, oldDir: string): Promise<void> {
  const { stack } = await openStack(path.join(__dirname, "fixtures", "spec-program"), stackName);
  await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  await db?.drop();
  fs.rmSync(oldDir, { recursive: true, force: true });
}

describe("upgrading a stack made by the previous release", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let oldDir: string;
  const stackName = `upgrade${process.pid}`;

  before(async () => {
    db = await createTestDatabase("upgrade");
    oldDir = checkOutOldRelease();
  });

  after(() => removeAll(stackName, db, oldDir));

  it("one `pulumi up` with the current code: no DDL, no row lost, nothing replaced, then no changes", async () => {
    const oldStack = await oldReleaseStack(oldDir, stackName, db);
    const oldTypes = (
      (await oldStack.exportStack()).deployment as { resources: { type: string }[] }
    ).resources.map((r) => r.type);
    assert.ok(oldTypes.includes("pulumi-nodejs:dynamic/schemastack:Column"), "not a stack of the old shape");
    await query(db.url, "insert into authors (email) values ('a@x'), ('b@x')");
    await query(db.url, "insert into posts (author_id, title) values (1, 'one'), (2, 'two'), (2, 'three')");

    // Every DDL command from here on is recorded in the database itself.
    await query(
      db.url,
      `create schema ddl_audit;
       create table ddl_audit.commands (tag text, command text);
       create function ddl_audit.record() returns event_trigger language plpgsql as
         $$ begin insert into ddl_audit.commands values (tg_tag, current_query()); end $$;
       create event trigger ddl_audit_start on ddl_command_start execute function ddl_audit.record();
       create event trigger ddl_audit_drop on sql_drop execute function ddl_audit.record();`,
    );

    const { stack } = await openStack(path.join(__dirname, "fixtures", "spec-program"), stackName);
    await stack.setAllConfig(specConfig(db));
    const { events, onEvent } = eventCollector();
    const up = await stack.up({ onEvent });
    assert.strictEqual(up.summary.result, "succeeded");

    assert.deepStrictEqual(await query(db.url, "select tag, command from ddl_audit.commands"), []);
    assert.deepStrictEqual(
      await query(
        db.url,
        "select (select count(*) from authors)::int as a, (select count(*) from posts)::int as p",
      ),
      [{ a: 2, p: 3 }],
    );
    const ops = events
      .map((e) => e.resOutputsEvent?.metadata)
      .filter((m): m is NonNullable<typeof m> => m !== undefined && m.op !== "same");
    const replaced = ops.filter((m) => /replace/.test(m.op));
    assert.deepStrictEqual(replaced, [], "resources were replaced");
    const deletedTypes = [...new Set(ops.filter((m) => m.op === "delete").map((m) => m.type))].sort();
    assert.deepStrictEqual(deletedTypes, [
      "pulumi-nodejs:dynamic/schemastack:Column",
      "pulumi-nodejs:dynamic/schemastack:Constraint",
      "pulumi-nodejs:dynamic/schemastack:Index",
      "schemastack:index:Table",
    ]);
    // The tables and the enum type kept their resources (updated in place, through aliases).
    const updated = ops
      .filter((m) => m.op === "update")
      .map((m) => m.urn.split("::").pop())
      .sort();
    for (const name of ["authors", "mood", "posts"]) assert.ok(updated.includes(name), updated.join(", "));

    const preview = await stack.preview();
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
    await query(db.url, "drop event trigger ddl_audit_start; drop event trigger ddl_audit_drop");
  });
});

describe("upgrading a stack whose table resources echo their declaration in their outputs", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let oldDir: string;
  const stackName = `upgradeoutputs${process.pid}`;

  before(async () => {
    db = await createTestDatabase("upgradeoutputs");
    // Its provider text loads the package's provider-runtime.js.
    oldDir = checkOutOldRelease(fullOutputsRelease, ["provider-runtime.js"]);
  });

  after(() => removeAll(stackName, db, oldDir));

  it("previews no change and no drift, then a declared change is a change, not drift, and leaves small outputs", async () => {
    const oldStack = await oldReleaseStack(oldDir, stackName, db);
    const tableOutputs = async (s: automation.Stack) =>
      (
        (await s.exportStack()).deployment as {
          resources: { type: string; outputs?: Record<string, unknown> }[];
        }
      ).resources.find(
        (r) => r.type === "pulumi-nodejs:dynamic/schemastack:Table" && r.outputs?.name === "posts",
      )?.outputs ?? {};
    assert.ok("columns" in (await tableOutputs(oldStack)), "not a stack with the declaration in its outputs");

    const { stack } = await openStack(path.join(__dirname, "fixtures", "spec-program"), stackName);
    await stack.setAllConfig(specConfig(db));
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ onEvent });
    assert.deepStrictEqual(
      Object.keys(preview.changeSummary),
      ["same"],
      JSON.stringify(preview.changeSummary),
    );
    const said = (es: automation.EngineEvent[]) =>
      es.map((e) => e.diagnosticEvent?.message ?? "").filter((m) => /drift/.test(m));
    assert.deepStrictEqual(said(events), []);

    // A declared change on the upgraded stack: a change of the posts table, named, and no drift.
    const changed = structuredClone(spec) as typeof spec;
    (changed.tables.posts.columns as Record<string, unknown>).body = { type: "text" };
    await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(changed) });
    const second = eventCollector();
    const up = await stack.up({ onEvent: second.onEvent });
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(said(second.events), []);
    const posts = await tableOutputs(stack);
    assert.ok(!("columns" in posts) && typeof posts.declared === "string", JSON.stringify(posts));
    assert.deepStrictEqual(Object.keys((await stack.preview()).changeSummary), ["same"]);
  });
});
