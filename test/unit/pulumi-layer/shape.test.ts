// The Pulumi layer's pure parts at scale (issue 20): the keyed table shape, drift wording, the
// whole-database plan's scope, and reading both checkpoint shapes. No database needed.
import * as assert from "assert";
import { databasesIn, type UntypedDeployment } from "../../../automation/checkpoint";
import { fromSpec } from "../../../core/model/from-declaration";
import type { SchemaModel } from "../../../core/model/model";
import { alignToDeclared } from "../../../dynamic-providers/access-shape";
import {
  compactTable,
  expandTable,
  keyedTable,
  tableProps,
  viewProps,
} from "../../../dynamic-providers/object-shape";
import {
  declaredPart,
  objectDrift,
  recordOf,
} from "../../../dynamic-providers/runtime/catalog-object-provider";
import { databasePlan, type PlanScope } from "../../../dynamic-providers/runtime/schema-engine";
import {
  decodeManaged,
  decodeSteps,
  encodeManaged,
  encodeSchema,
  encodeSteps,
} from "../../../dynamic-providers/schema-encoding";
import { managedObjects } from "../../../dynamic-providers/runtime/schema-engine";
import { planScope } from "../../../dynamic-providers/runtime/migration-provider";
import type { CatalogObjectProps } from "../../../dynamic-providers/provider-props";

function model(tables: Record<string, unknown>, enums: Record<string, string[]> = {}): SchemaModel {
  return fromSpec({ version: "1", schemas: { public: { tables, enums } } } as never);
}

const v1 = model({
  users: {
    columns: {
      id: { type: "bigint", identity: "always", primaryKey: true },
      email: { type: "text", nullable: false, unique: true },
      note: { type: "varchar(20)", default: "'x'" },
    },
    indexes: { users_note_idx: { columns: [{ column: "note", order: "desc" }], where: "note <> ''" } },
  },
  posts: {
    columns: { id: { type: "bigint", primaryKey: true }, user_id: { type: "bigint" } },
    constraints: {
      posts_user_fkey: {
        type: "foreignKey",
        columns: ["user_id"],
        references: { table: "users", columns: ["id"] },
        onDelete: "cascade",
      },
    },
  },
});
const live = (m: SchemaModel) => ({
  model: m,
  unmanaged: [],
  notValidConstraints: [],
  invalidIndexes: [],
  dependencies: [],
});
const users = (m: SchemaModel) => m.tables.find((t) => t.name === "users")!;

describe("Pulumi layer shape (issue 20)", () => {
  it("a table's resource inputs omit defaults and expand back to the full model", () => {
    for (const t of v1.tables) {
      const compact = JSON.parse(JSON.stringify(compactTable(keyedTable(t))));
      assert.deepStrictEqual(expandTable(compact), keyedTable(t));
    }
    const props = tableProps(users(v1));
    assert.deepStrictEqual(Object.keys(props.columns.note).sort(), ["default", "type"]);
    assert.ok(!("collation" in props.columns.email) && props.columns.email.nullable === false);
    assert.deepStrictEqual(Object.keys(props.columns), ["id", "email", "note"]);
  });

  it("drift names differences made outside the program, not the program's own changes", () => {
    const declared = keyedTable(users(v1));
    const changed = structuredClone(declared);
    changed.columns.phone = { ...changed.columns.note, type: "text", default: null };
    changed.columns.note = { ...changed.columns.note, type: "text" };
    // The program added a column and changed a type; the database is as the last update left it.
    assert.deepStrictEqual(objectDrift('table "public.users"', "table", declared, changed, declared), []);
    // Someone widened a column and added an index by hand.
    const edited = structuredClone(declared);
    edited.columns.email = { ...edited.columns.email, type: "varchar(80)" };
    edited.indexes.by_hand = { ...edited.indexes.users_note_idx };
    assert.deepStrictEqual(objectDrift('table "public.users"', "table", edited, declared, declared), [
      'table "public.users", column "email": type is "varchar(80)" in the database, declared "text"',
      'table "public.users", index "by_hand" exists in the database but is not declared',
    ]);
    // Without the previous declaration (verification) every difference counts.
    assert.strictEqual(objectDrift('table "public.users"', "table", declared, changed, undefined).length, 2);
  });

  it("the whole-database plan drops what the last declaration managed and this one does not, nothing else", () => {
    const withStranger = structuredClone(v1);
    withStranger.tables.push({
      ...structuredClone(users(v1)),
      name: "not_ours",
      constraints: [],
      indexes: [],
    });
    const v2 = structuredClone(v1);
    v2.tables = v2.tables.filter((t) => t.name !== "posts");
    const scope = {
      ignoreChanges: {},
      previouslyManaged: { tables: ["public.users", "public.posts"], enums: [] },
      managedScope: null,
    };
    const steps = databasePlan(live(withStranger), v2, scope).steps.map((s) => s.objectKey);
    assert.ok(steps.includes("table:public.posts"), steps.join(", "));
    assert.ok(!steps.some((k) => k.includes("not_ours")), steps.join(", "));
    // Nothing known about earlier declarations: nothing undeclared is dropped.
    assert.deepStrictEqual(
      databasePlan(live(withStranger), v2, { ...scope, previouslyManaged: null }).steps,
      [],
    );
  });

  it("ignoreChanges keeps a table's property as it is in the database", () => {
    const v2 = structuredClone(v1);
    users(v2).columns.find((c) => c.name === "note")!.type = "text";
    const scope = {
      ignoreChanges: { "public.users": ["columns.note.type"] },
      previouslyManaged: null,
      managedScope: null,
    };
    assert.deepStrictEqual(databasePlan(live(v1), v2, scope).steps, []);
    assert.notDeepStrictEqual(databasePlan(live(v1), v2, { ...scope, ignoreChanges: {} }).steps, []);
  });

  it("the managed scope keeps a library's index on a declared table and its tables out of the plan", () => {
    const withLibrary = structuredClone(v1);
    users(withLibrary).indexes.push({ ...structuredClone(users(v1).indexes[0]), name: "lib_idx" });
    withLibrary.tables.push({
      ...structuredClone(users(v1)),
      name: "lib_accounts",
      constraints: [],
      indexes: [],
    });
    const scope: PlanScope = {
      ignoreChanges: {},
      previouslyManaged: { tables: ["public.users", "public.posts", "public.lib_accounts"], enums: [] },
      managedScope: null,
    };
    const keys = (s: PlanScope) => databasePlan(live(withLibrary), v1, s).steps.map((step) => step.objectKey);
    // Without a scope the plan drops the undeclared index (and the formerly managed table).
    assert.ok(
      keys(scope).some((k) => k.includes("lib_idx")),
      keys(scope).join(", "),
    );
    const ignored: PlanScope = {
      ...scope,
      managedScope: {
        ignore: [
          { kind: "table", name: "lib_*" },
          { kind: "index", name: "lib_*" },
        ],
      },
    };
    assert.deepStrictEqual(keys(ignored), []);
  });

  it("checkpoints of both shapes give the declared schema to history and rollback", () => {
    const resource = (name: string, type: string, inputs: Record<string, unknown>) => ({
      urn: `urn:pulumi:s::p::schemastack:index:Database$pulumi-nodejs:dynamic/schemastack:${type}::${name}`,
      type: `pulumi-nodejs:dynamic/schemastack:${type}`,
      inputs,
    });
    const old: UntypedDeployment = {
      version: 3,
      deployment: { resources: [resource("app-backup", "Backup", { desired: v1, fingerprint: "f1" })] },
    };
    const current: UntypedDeployment = {
      version: 3,
      deployment: {
        resources: [resource("app-migration", "Migration", { schema: encodeSchema(v1), fingerprint: "f1" })],
      },
    };
    for (const deployment of [old, current]) {
      const [db] = databasesIn(deployment);
      assert.strictEqual(db.name, "app");
      assert.deepStrictEqual(db.desired, v1);
      assert.strictEqual(db.fingerprint, "f1");
    }
  });

  it("the migration's step record is gzipped (a fraction of its JSON) and both recorded shapes read back", () => {
    const empty = model({});
    const scope: PlanScope = { ignoreChanges: {}, previouslyManaged: null, managedScope: null };
    const steps = databasePlan(live(empty), v1, scope).steps.map((s) => ({
      objectKey: s.objectKey,
      description: s.description,
      sql: s.sql,
      durationMs: 3,
      lockWaitMs: 0,
      lock: s.lock,
    }));
    assert.ok(steps.length >= 3, `${steps.length} steps`);
    const encoded = encodeSteps(steps);
    assert.ok(encoded.length < JSON.stringify(steps).length, `${encoded.length} bytes`);
    assert.deepStrictEqual(decodeSteps(encoded), steps);
    assert.deepStrictEqual(decodeSteps(steps), steps, "state written by earlier releases holds the list");
    assert.deepStrictEqual(decodeSteps(undefined), []);
    assert.throws(() => decodeSteps("[]"), /not an encoded step record/);
  });

  it("the managed-objects record is encoded (under a third of its JSON at 50 tables) and both shapes plan alike", () => {
    const many = model(
      Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [
          `shop_${String(i).padStart(4, "0")}`,
          { columns: { id: { type: "int" } } },
        ]),
      ),
    );
    const managed = managedObjects(many);
    const encoded = encodeManaged(managed);
    assert.ok(encoded.length * 3 < JSON.stringify(managed).length, `${encoded.length} bytes`);
    const scope = { ignoreChanges: {}, managedScope: null };
    assert.deepStrictEqual(planScope(scope, { managed: encoded }).previouslyManaged, managed);
    // State written by earlier releases holds the plain record.
    assert.deepStrictEqual(planScope(scope, { managed }).previouslyManaged, managed);
    assert.strictEqual(decodeManaged(undefined), null);
  });

  it("a catalog object's outputs are a record: identity, connection, a digest of the full declaration", () => {
    const table = (t: ReturnType<typeof tableProps>): CatalogObjectProps => ({
      connection: "postgres://db/app",
      kind: "table",
      schema: "public",
      name: "users",
      ...t,
    });
    const record = recordOf(table(tableProps(users(v1))));
    assert.deepStrictEqual(Object.keys(record).sort(), ["connection", "declared", "kind", "name", "schema"]);
    // The same declaration written out in full (defaults included) is the same declaration.
    const full = recordOf(table(keyedTable(users(v1)) as never));
    assert.strictEqual(full.declared, record.declared);
    const changed = structuredClone(tableProps(users(v1)));
    changed.columns.note = { ...changed.columns.note, type: "text" };
    assert.notStrictEqual(recordOf(table(changed)).declared, record.declared);
    // Declared access control is named, so refresh leaves undeclared access out as diff does.
    const granted = { ...tableProps(users(v1)), grants: { reporting: ["select"] } } as never;
    assert.deepStrictEqual(recordOf(table(granted)).declaredAccess, ["grants"]);
  });
});

describe("owners and grants on the resources of the other kinds (issue 17)", () => {
  const grants = { app: { privileges: ["select"], grantOption: [] } };
  it("a view's resource inputs carry its grants, and a grant made by hand is drift", () => {
    const inputs = {
      connection: "x",
      kind: "view",
      schema: "public",
      name: "v",
      ...viewProps({
        schema: "public",
        name: "v",
        materialized: false,
        definition: "SELECT 1",
        options: { securityBarrier: false, securityInvoker: false, checkOption: null },
        indexes: [],
        comment: null,
        columns: [],
        dependsOn: [],
        size: null,
        grants,
      }),
    };
    const declared = declaredPart(inputs as never)!;
    assert.deepStrictEqual((declared as { grants?: unknown }).grants, grants);
    const live = {
      ...declared,
      grants: { ...grants, intruder: { privileges: ["insert"], grantOption: [] } },
    };
    assert.deepStrictEqual(objectDrift('view "public.v"', "view", live as never, declared, undefined), [
      `view "public.v": grants is {"app":{"grantOption":[],"privileges":["select"]},"intruder":{"grantOption":[],"privileges":["insert"]}} in the database, declared {"app":{"grantOption":[],"privileges":["select"]}}`,
    ]);
    // Not declared: not compared (existing stacks keep grants made outside the program).
    const { grants: _g, ...undeclared } = declared as { grants?: unknown };
    assert.deepStrictEqual(
      objectDrift(
        'view "public.v"',
        "view",
        alignToDeclared(live, undeclared) as never,
        undeclared as never,
        undefined,
      ),
      [],
    );
  });
});
