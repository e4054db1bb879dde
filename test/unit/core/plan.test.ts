import { strict as assert } from "assert";
import { SchemaSpec, TableDeclaration, fromSpec } from "../../../core/model";
import {
  DataLossRefusedError,
  PlanStep,
  UnsupportedChangeError,
  notNullCheckName,
  planChanges,
  planObjectChanges,
} from "../../../core/plan";

const spec = (
  tables: Record<string, TableDeclaration>,
  enums: Record<string, string[]> = {},
): SchemaSpec => ({
  schemas: { public: { tables, enums } },
});
const model = (tables: Record<string, TableDeclaration>, enums: Record<string, string[]> = {}) =>
  fromSpec(spec(tables, enums));
const users: TableDeclaration = {
  columns: { id: { type: "bigint", primaryKey: true }, email: { type: "text" } },
};
const sqls = (steps: PlanStep[]) => steps.map((s) => s.sql);
const kinds = (s: PlanStep) => s.hazards.map((h) => h.kind).sort();
const indexOf = (steps: PlanStep[], pattern: RegExp) => {
  const i = steps.findIndex((s) => pattern.test(s.sql));
  assert.ok(i >= 0, `no step matches ${pattern}:\n${sqls(steps).join("\n")}`);
  return i;
};

describe("core/plan planChanges", () => {
  it("returns no steps for identical schemas", () => {
    assert.deepEqual(planChanges(model({ users }), model({ users })).steps, []);
  });

  it("creates enums before tables and foreign keys after every table", () => {
    const desired = model(
      {
        posts: {
          columns: {
            id: { type: "bigint", primaryKey: true },
            author: { type: "bigint" },
            m: { type: "mood" },
          },
          constraints: {
            posts_author: {
              type: "foreignKey",
              columns: ["author"],
              references: { table: "users", columns: ["id"] },
            },
          },
          indexes: { posts_author_idx: { columns: ["author"] } },
        },
        users,
      },
      { mood: ["a", "b"] },
    );
    const steps = planChanges(model({}), desired).steps;
    const en = indexOf(steps, /^CREATE TYPE public\.mood/);
    const posts = indexOf(steps, /^CREATE TABLE public\.posts/);
    const usersIdx = indexOf(steps, /^CREATE TABLE public\.users/);
    const fk = indexOf(steps, /ADD CONSTRAINT posts_author FOREIGN KEY/);
    const idx = indexOf(steps, /^CREATE INDEX posts_author_idx/);
    assert.ok(en < posts && posts < fk && usersIdx < fk && idx < fk);
    // new tables are empty: plain forms, no hazards, in transactions
    for (const s of steps) {
      assert.equal(s.transactional, true);
      assert.deepEqual(s.hazards, []);
    }
    assert.doesNotMatch(steps[fk].sql, /NOT VALID/);
  });

  it("builds indexes on existing tables concurrently, outside a transaction", () => {
    const steps = planChanges(
      model({ users }),
      model({ users: { ...users, indexes: { users_email: { columns: ["email"] } } } }),
    ).steps;
    assert.equal(steps.length, 1);
    assert.equal(steps[0].sql, "CREATE INDEX CONCURRENTLY users_email ON public.users USING btree (email)");
    assert.equal(steps[0].transactional, false);
    assert.equal(steps[0].lock, "SHARE UPDATE EXCLUSIVE");
    assert.deepEqual(kinds(steps[0]), ["indexBuild"]);
    assert.deepEqual(steps[0].onFailure, { dropInvalidIndex: { schema: "public", name: "users_email" } });
    assert.equal(steps[0].objectKey, "index:public.users.users_email");
  });

  it("drops indexes concurrently and renames same-definition indexes", () => {
    const a = model({ users: { ...users, indexes: { a: { columns: ["email"] } } } });
    const drop = planChanges(a, model({ users })).steps;
    assert.deepEqual(sqls(drop), ["DROP INDEX CONCURRENTLY IF EXISTS public.a"]);
    assert.equal(drop[0].transactional, false);
    const rename = planChanges(
      a,
      model({ users: { ...users, indexes: { b: { columns: ["email"] } } } }),
    ).steps;
    assert.deepEqual(sqls(rename), ["ALTER INDEX public.a RENAME TO b"]);
  });

  it("adds checks NOT VALID, then validates under a weaker lock", () => {
    const desired = model({
      users: { ...users, constraints: { email_ok: { type: "check", expression: "(email <> ''::text)" } } },
    });
    const steps = planChanges(model({ users }), desired).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.users ADD CONSTRAINT email_ok CHECK ((email <> ''::text)) NOT VALID",
      "ALTER TABLE public.users VALIDATE CONSTRAINT email_ok",
    ]);
    assert.equal(steps[0].lock, "ACCESS EXCLUSIVE");
    assert.deepEqual(kinds(steps[0]), []);
    assert.equal(steps[1].lock, "SHARE UPDATE EXCLUSIVE");
    assert.deepEqual(kinds(steps[1]), ["mayFailOnExistingData"]);
  });

  it("adds foreign keys to existing tables NOT VALID + VALIDATE with SHARE ROW EXCLUSIVE", () => {
    const posts: TableDeclaration = {
      columns: { id: { type: "int", primaryKey: true }, uid: { type: "bigint" } },
    };
    const withFk: TableDeclaration = {
      ...posts,
      constraints: {
        posts_uid: {
          type: "foreignKey",
          columns: ["uid"],
          references: { table: "users", columns: ["id"] },
          onDelete: "cascade",
        },
      },
    };
    const steps = planChanges(model({ users, posts }), model({ users, posts: withFk })).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.posts ADD CONSTRAINT posts_uid FOREIGN KEY (uid) REFERENCES public.users (id) ON UPDATE NO ACTION ON DELETE CASCADE NOT VALID",
      "ALTER TABLE public.posts VALIDATE CONSTRAINT posts_uid",
    ]);
    assert.equal(steps[0].lock, "SHARE ROW EXCLUSIVE");
  });

  it("sets NOT NULL through a validated check constraint", () => {
    const desired = model({
      users: { columns: { ...users.columns, email: { type: "text", nullable: false } } },
    });
    const steps = planChanges(model({ users }), desired).steps;
    const check = notNullCheckName("users", "email");
    assert.deepEqual(sqls(steps), [
      `ALTER TABLE public.users ADD CONSTRAINT ${check} CHECK (email IS NOT NULL) NOT VALID`,
      `ALTER TABLE public.users VALIDATE CONSTRAINT ${check}`,
      "ALTER TABLE public.users ALTER COLUMN email SET NOT NULL",
      `ALTER TABLE public.users DROP CONSTRAINT ${check}`,
    ]);
    assert.deepEqual(kinds(steps[1]), ["mayFailOnExistingData"]);
    assert.equal(steps[2].group, steps[3].group);
    assert.ok(Buffer.byteLength(check) <= 63);
    const offline = planChanges(model({ users }), desired, { offline: true }).steps;
    assert.deepEqual(sqls(offline), ["ALTER TABLE public.users ALTER COLUMN email SET NOT NULL"]);
  });

  it("changes types with USING and flags the rewrite; widening varchar is metadata-only", () => {
    const t = (type: string): TableDeclaration => ({
      columns: { id: { type: "int", primaryKey: true }, v: { type } },
    });
    const rewrite = planChanges(model({ t: t("text") }), model({ t: t("integer") })).steps;
    assert.deepEqual(sqls(rewrite), ["ALTER TABLE public.t ALTER COLUMN v TYPE integer USING v::integer"]);
    assert.deepEqual(kinds(rewrite[0]), [
      "blocksReads",
      "blocksWrites",
      "mayFailOnExistingData",
      "rewritesTable",
    ]);
    const widen = planChanges(model({ t: t("varchar(10)") }), model({ t: t("varchar(20)") })).steps;
    assert.deepEqual(kinds(widen[0]), []);
    assert.throws(
      () => planChanges(model({ t: t("numeric(10,4)") }), model({ t: t("numeric(10,2)") })),
      DataLossRefusedError,
    );
  });

  it("replaces a changed default with one SET DEFAULT, and drops one that goes away", () => {
    const before = model({
      t: { columns: { v: { type: "integer", default: "1" }, w: { type: "integer", default: "2" } } },
    });
    const after = model({ t: { columns: { v: { type: "integer", default: "3" }, w: { type: "integer" } } } });
    assert.deepEqual(sqls(planChanges(before, after).steps), [
      "ALTER TABLE public.t ALTER COLUMN v SET DEFAULT 3",
      "ALTER TABLE public.t ALTER COLUMN w DROP DEFAULT",
    ]);
  });

  it("drops and re-sets a default around a type change, in one group", () => {
    const before = model({ t: { columns: { v: { type: "integer", default: "1" } } } });
    const after = model({ t: { columns: { v: { type: "text", default: "'x'::text" } } } });
    const steps = planChanges(before, after).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.t ALTER COLUMN v DROP DEFAULT",
      "ALTER TABLE public.t ALTER COLUMN v TYPE text USING v::text",
      "ALTER TABLE public.t ALTER COLUMN v SET DEFAULT 'x'::text",
    ]);
    assert.equal(new Set(steps.map((s) => s.group)).size, 1);
  });

  it("refuses drops without allowDataLoss and lists them", () => {
    const live = model({ users, old: { columns: { x: { type: "int" } } } });
    const desired = model({ users: { columns: { id: users.columns.id } } });
    let error: unknown;
    try {
      planChanges(live, desired);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof DataLossRefusedError);
    assert.deepEqual(
      error.destructiveSteps.map((s) => s.sql),
      ["ALTER TABLE public.users DROP COLUMN email", "DROP TABLE public.old"],
    );
    assert.match(error.message, /refusing 2 destructive step\(s\)/);
    const allowed = planChanges(live, desired, { allowDataLoss: true }).steps;
    assert.deepEqual(kinds(allowed[0]), ["deletesData", "notReversible"]);
  });

  it("drops foreign keys before the tables and columns they use", () => {
    const posts: TableDeclaration = {
      columns: { id: { type: "int", primaryKey: true }, uid: { type: "bigint" } },
      constraints: {
        posts_uid: { type: "foreignKey", columns: ["uid"], references: { table: "users", columns: ["id"] } },
      },
    };
    const steps = planChanges(model({ users, posts }), model({ posts: { columns: posts.columns } }), {
      allowDataLoss: true,
    }).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.posts DROP CONSTRAINT posts_uid",
      "DROP TABLE public.users",
    ]);
  });

  it("plans renames from renamedFrom, never drop + add", () => {
    const desired = model({
      people: {
        columns: { id: users.columns.id, mail: { type: "text", renamedFrom: "email" } },
        renamedFrom: "users",
      },
    });
    const steps = planChanges(model({ users }), desired).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.users RENAME TO people",
      "ALTER TABLE public.people RENAME COLUMN email TO mail",
      "ALTER TABLE public.people RENAME CONSTRAINT users_pkey TO people_pkey",
    ]);
    // already renamed: nothing to do
    assert.deepEqual(planChanges(desired, desired).steps, []);
  });

  it("adds enum values outside a transaction, in position, before the columns that use them", () => {
    const t: TableDeclaration = { columns: { m: { type: "mood", default: "'c'::public.mood" } } };
    const steps = planChanges(
      model({ t: { columns: { m: { type: "mood" } } } }, { mood: ["b"] }),
      model({ t }, { mood: ["a", "b", "c"] }),
    ).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'a' BEFORE 'b'",
      "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b'",
      "ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'c'::public.mood",
    ]);
    assert.equal(steps[0].transactional, false);
    assert.deepEqual(kinds(steps[0]), ["notReversible"]);
  });

  it("refuses enum value removal as unsupported", () => {
    assert.throws(
      () => planChanges(model({}, { mood: ["a", "b"] }), model({}, { mood: ["a"] })),
      UnsupportedChangeError,
    );
  });

  it("adds unique keys to existing tables via a concurrent unique index", () => {
    const steps = planChanges(
      model({ users }),
      model({ users: { columns: { ...users.columns, email: { type: "text", unique: true } } } }),
    ).steps;
    assert.deepEqual(sqls(steps), [
      "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON public.users (email)",
      "ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key",
    ]);
    assert.equal(steps[0].transactional, false);
    assert.deepEqual(kinds(steps[0]), ["indexBuild", "mayFailOnExistingData"]);
  });

  it("rebuilds a foreign key around a change of the key it references", () => {
    const p = (nnd: boolean): TableDeclaration => ({
      columns: { v: { type: "text" } },
      constraints: { p_v_key: { type: "unique", columns: ["v"], nullsNotDistinct: nnd } },
    });
    const c: TableDeclaration = {
      columns: { pv: { type: "text" } },
      constraints: {
        c_fk: { type: "foreignKey", columns: ["pv"], references: { table: "p", columns: ["v"] } },
      },
    };
    const steps = planChanges(model({ p: p(false), c }), model({ p: p(true), c })).steps;
    const dropFk = indexOf(steps, /DROP CONSTRAINT c_fk/);
    const dropKey = indexOf(steps, /DROP CONSTRAINT p_v_key/);
    const addKey = indexOf(steps, /ADD CONSTRAINT p_v_key UNIQUE USING INDEX/);
    const addFk = indexOf(steps, /ADD CONSTRAINT c_fk FOREIGN KEY/);
    assert.ok(dropFk < dropKey && dropKey < addKey && addKey < addFk);
  });

  it("hazards of added columns: NOT NULL without default, volatile default, identity", () => {
    const cols = (extra: TableDeclaration["columns"]) =>
      model({ users: { columns: { ...users.columns, ...extra } } });
    const [nn] = planChanges(model({ users }), cols({ a: { type: "int", nullable: false } })).steps;
    assert.deepEqual(kinds(nn), ["mayFailOnExistingData"]);
    const [vol] = planChanges(
      model({ users }),
      cols({ a: { type: "uuid", default: "gen_random_uuid()" } }),
    ).steps;
    assert.deepEqual(kinds(vol), ["blocksReads", "blocksWrites", "rewritesTable"]);
    const [plain] = planChanges(model({ users }), cols({ a: { type: "int", default: "0" } })).steps;
    assert.deepEqual(kinds(plain), []);
  });

  it("adds identity after NOT NULL and moves the sequence past existing values", () => {
    const steps = planChanges(
      model({ t: { columns: { id: { type: "int" } } } }),
      model({ t: { columns: { id: { type: "int", identity: "always" } } } }),
    ).steps;
    const identity = indexOf(steps, /ADD GENERATED ALWAYS AS IDENTITY/);
    assert.ok(indexOf(steps, /SET NOT NULL/) < identity);
    assert.match(
      steps[identity + 1].sql,
      /setval\(pg_catalog\.pg_get_serial_sequence\('public\.t', 'id'\), coalesce\(max\(id\), 0\) \+ 1, false\)/,
    );
  });

  it("drops and re-adds a generated column whose expression changes, in one group", () => {
    const t = (g: string): TableDeclaration => ({
      columns: { a: { type: "int" }, g: { type: "int", generated: g } },
    });
    const steps = planChanges(model({ t: t("(a * 2)") }), model({ t: t("(a * 3)") })).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.t DROP COLUMN g",
      "ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((a * 3)) STORED",
    ]);
    assert.equal(steps[0].group, steps[1].group);
    assert.ok(!steps.some((s) => s.hazards.some((h) => h.kind === "deletesData")));
  });

  it("persistence and comments", () => {
    const steps = planChanges(
      model({ users }),
      model({ users: { ...users, unlogged: true, comment: "it's" } }),
    ).steps;
    assert.deepEqual(sqls(steps), [
      "ALTER TABLE public.users SET UNLOGGED",
      "COMMENT ON TABLE public.users IS 'it''s'",
    ]);
    assert.ok(kinds(steps[0]).includes("rewritesTable"));
  });

  it("quotes every identifier that needs it", () => {
    const steps = planChanges(
      model({}),
      model({
        "User Table": { columns: { select: { type: "text" }, Id: { type: "int", primaryKey: true } } },
      }),
    ).steps;
    assert.equal(
      steps[0].sql,
      'CREATE TABLE public."User Table" (\n  "select" text,\n  "Id" integer NOT NULL,\n  CONSTRAINT "User Table_pkey" PRIMARY KEY ("Id")\n)',
    );
  });

  it("drops invalid indexes first and validates NOT VALID constraints", () => {
    const m = model({ users: { ...users, constraints: { c: { type: "check", expression: "(id > 0)" } } } });
    const steps = planChanges(
      {
        model: m,
        notValidConstraints: ["constraint:public.users.c"],
        invalidIndexes: [{ schema: "public", table: "users", name: "broken" }],
      },
      m,
    ).steps;
    assert.deepEqual(sqls(steps), [
      "DROP INDEX CONCURRENTLY IF EXISTS public.broken",
      "ALTER TABLE public.users VALIDATE CONSTRAINT c",
    ]);
  });

  it("planObjectChanges keeps one object's steps (and its children when asked)", () => {
    const desired = model({
      users: {
        columns: { ...users.columns, name: { type: "text" } },
        indexes: { users_name: { columns: ["name"] } },
      },
      other: users,
    });
    const live = model({ users });
    const col = planObjectChanges(live, desired, "column:public.users.name").steps;
    assert.deepEqual(sqls(col), ["ALTER TABLE public.users ADD COLUMN name text"]);
    const table = planObjectChanges(live, desired, "table:public.users", { includeChildren: true }).steps;
    assert.equal(table.length, 2);
    const other = planObjectChanges(live, desired, "table:public.other").steps;
    assert.match(other[0].sql, /^CREATE TABLE public\.other/);
  });

  it("never touches schemas the desired model does not list", () => {
    const live = fromSpec({ schemas: { public: { tables: { users } }, legacy: { tables: { x: users } } } });
    assert.deepEqual(planChanges(live, fromSpec({ schemas: { public: { tables: { users } } } })).steps, []);
  });
});
