// Issue 20: what `pulumi preview` says with one resource per table and one migration per database:
// `--diff` of three changed objects fits on a screen and names them by property path, a column
// drop is a warning in preview (and refused before the backup in up), toggling the data-loss
// opt-in touches no table resource, and the update runs exactly the statements the rehearsal ran.
import * as assert from "assert";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { createTestDatabase, TestDatabase, testEnv } from "../support/env";
import { eventCollector, openStack } from "../support/pulumi";
import { columnTypes, query } from "../support/sql";
import { decodeSteps } from "../../dynamic-providers/schema-encoding";

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

type Spec = typeof v1 & { allowDataLoss?: boolean };

/** v1 with three objects changed: a new column, a widened column, a new index. */
function threeChanges(): Spec {
  const spec = structuredClone(v1) as Spec;
  spec.version = "1.1.0";
  (spec.tables.authors.columns as Record<string, unknown>).phone = { type: "text" };
  spec.tables.posts.columns.title.type = "varchar(80)";
  (spec.tables.posts.indexes as Record<string, unknown>).posts_author_idx = { columns: ["author_id"] };
  return spec;
}

function warnings(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "warning")
    .map((d) => d!.message.trim());
}

function plannedOps(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of events.map((e) => e.resourcePreEvent?.metadata)) {
    // The default provider takes the stack config, where the test program's spec lives.
    if (!m || m.op === "same" || m.type.startsWith("pulumi:providers:")) continue;
    (out[m.op] ??= []).push(m.urn.split("::").pop()!);
  }
  for (const names of Object.values(out)) names.sort();
  return out;
}

describe("preview at scale: keyed diffs, destructive warnings, the opt-in, exact rehearsal", function () {
  this.timeout(900_000);
  let db: TestDatabase;
  let stack: Stack;
  const setSpec = (spec: unknown) =>
    stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec) });

  before(async () => {
    db = await createTestDatabase("shape");
    ({ stack } = await openStack(program, "shape"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
    await setSpec(v1);
    assert.strictEqual((await stack.up()).summary.result, "succeeded");
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("a table costs one resource, and the state stays small", async () => {
    const state = (await stack.exportStack()) as unknown as {
      deployment: { resources: { type: string; urn: string }[] };
    };
    const types = state.deployment.resources.map((r) => r.type.replace("pulumi-nodejs:dynamic/", ""));
    assert.strictEqual(types.filter((t) => t === "schemastack:Table").length, 2);
    assert.strictEqual(types.filter((t) => t === "schemastack:EnumType").length, 1);
    assert.strictEqual(types.filter((t) => t === "schemastack:Migration").length, 1);
    assert.ok(!types.some((t) => /Column|Index|Constraint/.test(t)), types.join(", "));
  });

  it("preview --diff of three changed objects fits on one screen, by property path", async () => {
    await setSpec(threeChanges());
    const { events, onEvent } = eventCollector();
    const preview = await stack.preview({ diff: true, onEvent });
    // Without the CLI's "@ previewing update...." progress ticks (they depend on timing).
    const lines = preview.stdout.split("\n").filter((l) => !l.startsWith("@ "));
    console.log(`      preview --diff: ${lines.length} lines`);
    // Measured 117 (it was ~1,400 with a resource per column and the whole schema as an input).
    // The engine prints every unchanged property of a changed resource, so this grows with the
    // changed tables' own declarations, not with the schema: see the README.
    assert.ok(lines.length <= 120, `preview --diff printed ${lines.length} lines:\n${preview.stdout}`);
    // Keyed by name: the new column and index appear under their own names, the widened column's
    // type as one changed property; nothing is compared by position.
    assert.match(preview.stdout, /columns\s*:[\s\S]*\+ phone/);
    assert.match(
      preview.stdout,
      /title\s*:[\s\S]*type\s*:\s*"character varying\(50\)" => "character varying\(80\)"/,
    );
    assert.match(preview.stdout, /\+ posts_author_idx/);
    assert.doesNotMatch(preview.stdout, /desired/);
    assert.deepStrictEqual(plannedOps(events), {
      update: ["app-backup", "app-migration", "app-version", "authors", "posts"],
    });
    // The program's own changes are not drift.
    assert.deepStrictEqual(
      warnings(events).filter((w) => /drift/.test(w)),
      [],
    );
    await setSpec(v1);
  });

  it("a column drop warns in preview, naming it, and up refuses it before the backup", async () => {
    await query(db.url, "insert into authors (name) values ('ada')");
    await query(db.url, "insert into posts (author_id, title, legacy_flag) values (1, 'hello', true)");
    const dropped = structuredClone(v1) as Spec;
    delete (dropped.tables.posts.columns as Record<string, unknown>).legacy_flag;
    await setSpec(dropped);
    const { events, onEvent } = eventCollector();
    await stack.preview({ onEvent });
    const text = warnings(events).join("\n");
    assert.match(text, /legacy_flag.*pulumi up` will refuse it, before the backup/);
    assert.match(text, /allowDataLoss/);
    const before = await columnTypes(db.url, "posts");
    const up = eventCollector();
    await assert.rejects(stack.up({ onEvent: up.onEvent }), /legacy_flag[\s\S]*allowDataLoss/);
    assert.deepStrictEqual(await columnTypes(db.url, "posts"), before);
    // Refused by the backup resource before it dumped: neither it nor the migration completed.
    const failed = up.events
      .map((e) => e.diagnosticEvent)
      .filter((d) => d?.severity === "error" && d.urn)
      .map((d) => d!.urn!.split("::").pop());
    assert.deepStrictEqual([...new Set(failed)], ["app-backup"]);
    const finished = up.events
      .map((e) => e.resOutputsEvent?.metadata.urn.split("::").pop())
      .filter((n) => n === "app-backup" || n === "app-migration");
    assert.deepStrictEqual(finished, []);
  });

  it("turning the data-loss opt-in on updates no table resource, and the warning says it deletes data", async () => {
    const dropped = structuredClone(v1) as Spec;
    delete (dropped.tables.posts.columns as Record<string, unknown>).legacy_flag;
    // First the opt-in alone, on the schema as it is.
    await setSpec({ ...structuredClone(v1), allowDataLoss: true });
    let collected = eventCollector();
    await stack.preview({ onEvent: collected.onEvent });
    assert.deepStrictEqual(plannedOps(collected.events), { update: ["app-backup", "app-migration"] });
    // Then with the drop: a warning that data will be deleted, against the migration.
    await setSpec({ ...dropped, allowDataLoss: true });
    collected = eventCollector();
    await stack.preview({ onEvent: collected.onEvent });
    assert.match(warnings(collected.events).join("\n"), /legacy_flag.*DELETES DATA/);
    await setSpec(v1);
  });
});

describe("the update runs exactly the statements the rehearsal ran", function () {
  this.timeout(900_000);
  let prodDb: TestDatabase;
  let stagingDb: TestDatabase;
  let staging: Stack;

  before(async () => {
    prodDb = await createTestDatabase("exactprod");
    await query(
      prodDb.url,
      `create type mood as enum ('happy', 'sad');
       create table authors (id bigint generated always as identity primary key, name text not null, mood mood);
       create table posts (id bigint generated always as identity primary key, author_id bigint not null,
                           title varchar(50) not null, legacy_flag boolean);
       create index posts_title_idx on posts (title);
       insert into authors (name) values ('ada'), ('grace');
       insert into posts (author_id, title) values (1, 'one'), (2, 'two');`,
    );
    // Staging's database is a copy of prod, as a fresh environment would be.
    stagingDb = await createTestDatabase("exactstaging");
    const env = await testEnv();
    await query(env.adminUrl, `drop database "${stagingDb.name}"`);
    await query(env.adminUrl, `create database "${stagingDb.name}" template "${prodDb.name}"`);
    ({ stack: staging } = await openStack(program, `exact${process.pid}`));
    await staging.setAllConfig({
      "schemastack-test:databaseUrl": { value: stagingDb.url, secret: true },
      "schemastack-test:rehearseAgainst": { value: prodDb.url, secret: true },
      "schemastack-test:spec": { value: JSON.stringify(v1) },
    });
  });

  after(async () => {
    await staging?.workspace.removeStack(staging.name, { force: true }).catch(() => undefined);
    await prodDb?.drop();
    await stagingDb?.drop();
  });

  it("records both lists and they are equal, in order", async () => {
    const change = threeChanges();
    (change.tables.posts.columns.legacy_flag as Record<string, unknown>).default = "false";
    (change.tables.authors as Record<string, unknown>).constraints = {
      authors_name_check: { type: "check", expression: "length(name) > 0" },
    };
    await staging.setConfig("schemastack-test:spec", { value: JSON.stringify(change) });
    const up = await staging.up();
    assert.strictEqual(up.summary.result, "succeeded");
    const rehearsed = (up.outputs.rehearsedSteps?.value ?? []) as { sql: string; durationMs: number }[];
    const state = (await staging.exportStack()) as unknown as {
      deployment: {
        resources: {
          type: string;
          outputs?: { steps?: string; columns?: unknown };
          stackTrace?: { sourcePosition?: string }[];
          dependencies?: string[];
        }[];
      };
    };
    const migration = state.deployment.resources.find((r) => r.type.endsWith("schemastack:Migration"));
    // A table's state: its declaration once (inputs; the outputs keep a digest), and the program's
    // line that declared it as its call stack.
    const table = state.deployment.resources.find((r) => r.type.endsWith("schemastack:Table"));
    assert.ok(table && !("columns" in (table.outputs ?? {})), JSON.stringify(table?.outputs));
    assert.deepStrictEqual(
      table.stackTrace?.map((f) => /index\.ts#\d+/.test(f.sourcePosition ?? "")),
      [true],
      JSON.stringify(table.stackTrace),
    );
    // The version row waits for the migration (which read back a converged schema), not for each
    // object: a dependency per object stored one URN per table in its state.
    const row = state.deployment.resources.find((r) => r.type.endsWith("schemastack:SchemaVersion"));
    assert.deepStrictEqual(
      row?.dependencies?.map((urn) => urn.split("::").pop()),
      ["app-migration"],
      JSON.stringify(row?.dependencies),
    );
    const applied = decodeSteps(migration?.outputs?.steps);
    assert.ok(rehearsed.length >= 4, `rehearsed ${rehearsed.length} statements`);
    assert.deepStrictEqual(
      applied.map((s) => s.sql),
      rehearsed.map((s) => s.sql),
    );
    assert.ok(rehearsed.every((s) => typeof s.durationMs === "number"));
    assert.strictEqual((await columnTypes(stagingDb.url, "authors")).phone, "text");
    assert.strictEqual((await columnTypes(prodDb.url, "authors")).phone, undefined, "prod was changed");
  });
});

describe("a program that forgets db.version()", function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let stack: Stack;

  before(async () => {
    db = await createTestDatabase("noversion");
    ({ stack } = await openStack(path.join(__dirname, "fixtures", "no-version"), "noversion"));
    await stack.setConfig("schemastack-test:databaseUrl", { value: db.url, secret: true });
  });

  after(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
  });

  it("fails preview with the component's message (no throw from a beforeExit handler, no process.exit)", async () => {
    await assert.rejects(stack.preview(), (error: Error) => {
      assert.match(error.message, /declare the schema version last with db\.version/);
      assert.doesNotMatch(error.message, /unhandled exception/);
      return true;
    });
  });
});
