import * as assert from "assert";
import { fromSpec } from "../../../core/model";
import type { SchemaModel } from "../../../core/model/model";
import type { SchemaSpec } from "../../../core/model/declaration";
import { planRollback, type LaterVersion } from "../../../core/rollback";
import { chooseTarget, lineage, parseRollbackTag, updatesSince } from "../../../automation/rollback";
import type { StackVersion } from "../../../automation/history";

const dump = (n: string) => ({
  uri: `s3://dumps/${n}.dump`,
  key: `${n}.dump`,
  target: { kind: "s3" as const, bucket: "dumps" },
});

type Columns = Record<string, Record<string, unknown>>;

function model(
  version: string,
  tables: Record<string, { columns: Columns; constraints?: unknown }>,
): SchemaModel {
  return fromSpec({ version, schemas: { public: { tables } } } as unknown as SchemaSpec);
}

const users = (extra: Columns = {}) => ({
  columns: {
    id: { type: "bigint", primaryKey: true },
    email: { type: "text", nullable: false },
    ...extra,
  },
});

const later = (label: string, desired: SchemaModel, succeeded = true): LaterVersion => ({
  label,
  desired,
  dump: dump(label),
  succeeded,
});

describe("planRollback", () => {
  it("restores a column dropped since the target from the dump of the update that dropped it", () => {
    const v1 = model("1", { users: users({ code: { type: "text", nullable: false } }) });
    const v2 = model("2", { users: users() });
    const plan = planRollback({ model: v2 }, v1, { later: [later("2", v2)] });
    assert.deepStrictEqual(
      plan.restores.map((r) => [
        r.kind,
        r.table,
        r.kind === "column" ? r.column : "",
        r.destroyedBy,
        r.dump?.uri,
      ]),
      [["column", "users", "code", "2", "s3://dumps/2.dump"]],
    );
    // Added nullable first; NOT NULL comes back after the copy.
    const relaxed = plan.relaxed.tables[0].columns.find((c) => c.name === "code");
    assert.strictEqual(relaxed?.nullable, true);
    assert.ok(plan.plan.steps.some((s) => /ADD COLUMN "?code"?/i.test(s.sql)));
    assert.deepStrictEqual(plan.blockers, []);
    assert.deepStrictEqual(plan.discards, []);
  });

  it("restores a dropped table with its rows and lists data added since as discarded", () => {
    const v1 = model("1", {
      users: users(),
      audit: { columns: { id: { type: "bigint", primaryKey: true } } },
    });
    const v2 = model("2", { users: users({ extra: { type: "text" } }) });
    const plan = planRollback({ model: v2 }, v1, { later: [later("2", v2)] });
    assert.deepStrictEqual(
      plan.restores.map((r) => [r.kind, r.table]),
      [["table", "audit"]],
    );
    assert.deepStrictEqual(
      plan.discards.map((s) => s.objectKey),
      ["column:public.users.extra"],
    );
  });

  it("across two versions, takes each object from the dump of the update that destroyed it", () => {
    const v1 = model("1", {
      users: users({ code: { type: "text" } }),
      audit: { columns: { id: { type: "bigint", primaryKey: true } } },
    });
    const v2 = model("2", {
      users: users(),
      audit: { columns: { id: { type: "bigint", primaryKey: true } } },
    });
    const v3 = model("3", { users: users() });
    const plan = planRollback({ model: v3 }, v1, { later: [later("2", v2), later("3", v3)] });
    assert.deepStrictEqual(
      plan.restores.map((r) => [r.table, r.dump?.uri]),
      [
        ["audit", "s3://dumps/3.dump"],
        ["users", "s3://dumps/2.dump"],
      ],
    );
  });

  it("a failed latest update counts only where the live database shows its destructive step ran", () => {
    const v1 = model("1", { users: users({ code: { type: "text" } }) });
    const v2 = model("2", { users: users() });
    const notReached = planRollback({ model: v1 }, v1, { later: [later("2", v2, false)] });
    assert.deepStrictEqual(notReached.restores, []);
    assert.deepStrictEqual(notReached.plan.steps, []);
    const reached = planRollback({ model: v2 }, v1, { later: [later("2", v2, false)] });
    assert.strictEqual(reached.restores.length, 1);
  });

  it("undoes a rename by renaming back, not by drop + add", () => {
    const v1 = model("1", { users: users({ title: { type: "text" } }) });
    const v2 = model("2", { users: users({ headline: { type: "text", renamedFrom: "title" } }) });
    const plan = planRollback({ model: v2 }, v1, { later: [later("2", v2)] });
    assert.deepStrictEqual(plan.restores, []);
    assert.ok(
      plan.plan.steps.some((s) => /RENAME COLUMN/i.test(s.sql)),
      JSON.stringify(plan.plan.steps),
    );
    assert.ok(!plan.plan.steps.some((s) => /DROP COLUMN/i.test(s.sql)));
  });

  it("is blocked (before any change) when the update that dropped data took no dump", () => {
    const v1 = model("1", { users: users({ code: { type: "text" } }) });
    const v2 = model("2", { users: users() });
    const plan = planRollback({ model: v2 }, v1, { later: [{ ...later("2", v2), dump: null }] });
    assert.match(plan.blockers.join("\n"), /took no pre-migration dump/);
  });

  it("puts back the grants and owner of a sequence, a view and a function as the target declared them", () => {
    const execute = (g: Record<string, string[]>) =>
      Object.fromEntries(Object.keys(g).map((r) => [r, ["execute"]]));
    const spec = (grants: Record<string, string[]>, owner: string): SchemaSpec => ({
      version: "x",
      schemas: {
        public: {
          tables: { users: users() },
          sequences: { ticket: { grants, owner } },
          views: { emails: { query: "SELECT users.email\n   FROM public.users", grants } },
          functions: {
            one: {
              returns: "integer",
              language: "sql",
              body: "select 1",
              grants: { ...execute(grants), PUBLIC: [] },
            },
          },
        },
      },
    });
    const v1 = fromSpec(spec({ app: ["select"] }, "app_owner"));
    const v2 = fromSpec(spec({ app: ["select"], reporting: ["select"] }, "other_owner"));
    // The live database as v2 left it (the model carries the access control, as a spec-built live does).
    const plan = planRollback({ model: structuredClone(v2) }, v1, { later: [later("2", v2)] });
    const sql = plan.plan.steps.map((s) => s.sql).sort();
    assert.deepStrictEqual(sql, [
      "ALTER SEQUENCE public.ticket OWNER TO app_owner",
      "REVOKE EXECUTE ON FUNCTION public.one() FROM reporting",
      "REVOKE SELECT ON SEQUENCE public.ticket FROM reporting",
      "REVOKE SELECT ON TABLE public.emails FROM reporting",
    ]);
  });

  it("leaves tables no version declared alone", () => {
    const v1 = model("1", { users: users() });
    const v2 = model("2", { users: users({ extra: { type: "text" } }) });
    const live = structuredClone(v2);
    live.tables.push({ ...structuredClone(v2.tables[0]), name: "not_ours" });
    const plan = planRollback({ model: live }, v1, { later: [later("2", v2)] });
    assert.ok(!plan.plan.steps.some((s) => s.objectKey.includes("not_ours")));
  });
});

describe("stack lineage and the default rollback target", () => {
  const v = (version: number, result = "succeeded", kind = "update"): StackVersion => ({
    version,
    kind,
    result,
    startTime: new Date(0),
    endTime: null,
    message: "",
    deployment: () => Promise.reject(new Error("not needed")),
  });

  it("defaults to the successful update before the latest one", () => {
    assert.strictEqual(chooseTarget([v(1), v(2), v(3)]).version, 2);
  });

  it("undoes a failed latest update by going to the last successful one", () => {
    assert.strictEqual(chooseTarget([v(1), v(2), v(3, "failed")]).version, 2);
  });

  it("skips refreshes and updates a rollback undid", () => {
    const history = [v(1), v(2, "failed"), v(3), v(4, "succeeded", "refresh"), v(5)];
    const rollbacks = parseRollbackTag("2:1");
    assert.deepStrictEqual(
      lineage(history, rollbacks).map((x) => x.version),
      [5, 4, 3, 1],
    );
    assert.strictEqual(chooseTarget(history, undefined, rollbacks).version, 3);
    assert.deepStrictEqual(
      updatesSince(history, v(1), rollbacks).map((x) => x.version),
      [3, 5],
    );
  });

  it("after a rollback, the current state is the rollback's target", () => {
    const history = [v(1), v(2), v(3)];
    assert.strictEqual(chooseTarget(history, undefined, parseRollbackTag("3:2")).version, 1);
  });

  it("--to must name a successful update", () => {
    assert.throws(() => chooseTarget([v(1), v(2, "failed")], 2), /failed update/);
    assert.throws(() => chooseTarget([v(1)], 7), /does not exist/);
  });
});
