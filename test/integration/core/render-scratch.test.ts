// Where desired schemas are rendered (core/render): a rolled-back transaction of the server's shared
// scratch database, a database of the run's own when that cannot work, and the render cache.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDesired } from "../../../cli/load-desired";
import { canonicalJson } from "../../../core/model/canonical";
import { modelFromJson } from "../../../core/model/parse-spec";
import { formatOwner } from "../../../core/lifecycle/run-owner";
import { cachedRender, renderModel, scratchPrefix, sharedScratchDatabase } from "../../../core/render";
import { withDatabase } from "../../../core/pg/connection-url";
import { testEnv } from "../../support/env";
import { query } from "../../support/sql";

const spec = (column: string) =>
  JSON.stringify({
    version: "1",
    schemas: {
      render_probe: {
        tables: {
          items: {
            columns: { id: { type: "bigint", primaryKey: true }, [column]: { type: "numeric(10,2)" } },
            constraints: { [`${column}_positive`]: { type: "check", expression: `${column} > 0` } },
          },
        },
      },
    },
  });

describe("core render: shared scratch database, own scratch database, render cache", function () {
  this.timeout(120_000);
  let adminUrl: string;
  let dir: string;
  /** What this process left on the server: scratch databases named after it, anything committed in the shared one. */
  const leftovers = async () => {
    const own = await query<{ name: string }>(
      adminUrl,
      "select datname as name from pg_database where datname like $1",
      [`${scratchPrefix}${formatOwner()}%`],
    );
    const shared = await query<{ name: string }>(
      withDatabase(adminUrl, sharedScratchDatabase),
      "select nspname as name from pg_namespace where nspname not like 'pg\\_%' and nspname not in ('public', 'information_schema')",
    ).catch(() => []);
    return [...own, ...shared].map((r) => r.name);
  };

  before(async () => {
    adminUrl = (await testEnv()).adminUrl;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-render-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("renders a declaration in the shared scratch database's transaction: Postgres's form, nothing left", async () => {
    // Dropped first when no other run uses it, so its existence afterwards shows where the render ran.
    const dropped = await query(adminUrl, `drop database if exists ${sharedScratchDatabase}`).then(
      () => true,
      () => false,
    );
    const model = await renderModel(adminUrl, modelFromJson(spec("price")));
    const table = model.tables.find((t) => t.name === "items");
    assert.ok(table);
    const check = table.constraints.find((c) => c.kind === "check");
    assert.ok(check && check.kind === "check");
    assert.match(check.expression, /\(price > \(?0/); // normalised by Postgres, not as written
    assert.deepStrictEqual(await leftovers(), []);
    const [shared] = await query(adminUrl, "select 1 from pg_database where datname = $1", [
      sharedScratchDatabase,
    ]);
    if (dropped) assert.ok(shared, "the render created the shared scratch database and ran there");
  });

  it("a desired .sql that cannot run in a transaction block renders in a database of the run's own", async () => {
    // VACUUM fails in the shared database's transaction (25001) and runs alone in a database of its own.
    const file = path.join(dir, "vacuum.sql");
    fs.writeFileSync(file, "VACUUM");
    const model = await loadDesired({ file, scratchServerUrl: adminUrl, schemas: ["public"] });
    assert.deepStrictEqual(model.tables, []);
    assert.deepStrictEqual(await leftovers(), []);
  });

  it("a desired .sql that commits leaves nothing behind in the shared scratch database", async () => {
    const file = path.join(dir, "commits.sql");
    fs.writeFileSync(file, "CREATE SCHEMA committed_probe; CREATE TABLE committed_probe.t (id int); COMMIT;");
    const model = await loadDesired({ file, scratchServerUrl: adminUrl, schemas: ["committed_probe"] });
    assert.deepStrictEqual(
      model.tables.map((t) => t.name),
      ["t"],
    );
    assert.deepStrictEqual(await leftovers(), []);
    // And the next render works there again.
    await renderModel(adminUrl, modelFromJson(spec("price")));
    assert.deepStrictEqual(await leftovers(), []);
  });

  it("a shared scratch database holding committed objects is not rendered in: the run uses its own and says so", async () => {
    const shared = withDatabase(adminUrl, sharedScratchDatabase);
    await query(shared, "create schema if not exists left_behind");
    try {
      const notices: string[] = [];
      const model = await renderModel(adminUrl, modelFromJson(spec("price")), {
        onNotice: (m) => notices.push(m),
      });
      assert.deepStrictEqual(model.schemas, ["render_probe"]);
      assert.ok(
        notices.some((n) => /holds objects/.test(n)),
        notices.join("\n"),
      );
    } finally {
      await query(shared, "drop schema if exists left_behind");
    }
    assert.deepStrictEqual(await leftovers(), []);
  });

  it("the render cache returns the model rendered before for the same input and server, and renders a changed one", async () => {
    const cacheDir = path.join(dir, "cache");
    const declared = modelFromJson(spec("price"));
    const first = await renderModel(adminUrl, declared, { cacheDir });
    assert.strictEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json")).length, 1);
    let rendered = 0;
    const again = await cachedRender(
      cacheDir,
      adminUrl,
      `declaration\n${canonicalJson(declared)}`,
      async () => {
        rendered++;
        return first;
      },
    );
    assert.strictEqual(rendered, 0, "the same declaration on the same server is not rendered again");
    assert.deepStrictEqual(canonicalJson(again), canonicalJson(first));
    const changed = await renderModel(adminUrl, modelFromJson(spec("cost")), { cacheDir });
    assert.ok(changed.tables[0].columns.some((c) => c.name === "cost"));
    assert.strictEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json")).length, 2);
    // Another server (here: the same one under another URL) is another entry.
    await renderModel(`${adminUrl}?connect_timeout=10`, declared, { cacheDir });
    assert.strictEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json")).length, 3);
  });

  it("a declaration Postgres rejects is not cached", async () => {
    const cacheDir = path.join(dir, "cache-rejected");
    const bad = modelFromJson(spec("price"));
    bad.tables[0].columns[1].default = "no_such_function()";
    await assert.rejects(renderModel(adminUrl, bad, { cacheDir }), /no_such_function/);
    assert.deepStrictEqual(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [], []);
  });
});
