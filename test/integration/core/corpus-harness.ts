// Convergence test over the corpus: apply old, write rows, apply new; then plan is empty, inspect
// equals the declaration, and rows survive unless data loss was allowed. Destructive changes must
// first be refused without allowDataLoss and leave the schema untouched.
import { strict as assert } from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { SchemaModel, TableModel, describeDifferences, fromSpec, sameSchema } from "../../../core/model";
import { DataLossRefusedError, UnsupportedChangeError, planChanges } from "../../../core/plan";
import { quoteIdent, quoteQualified } from "../../../core/sql";
import type { CorpusCase } from "../../corpus";
import { corpusPlan } from "../../corpus/golden";
import { withViewColumns } from "../../corpus/corpus-case";
import { TestDatabase, createTestDatabase } from "../../support/env";

function sampleValue(type: string, i: number, model: SchemaModel): unknown {
  const base = type.replace(/\[\]$/, "");
  if (type.endsWith("[]")) return [];
  if (/^(smallint|integer|bigint|real|double precision|numeric)/.test(base)) return i;
  const len = /^(?:character varying|character)\((\d+)\)$/.exec(base);
  if (len) return `v${i}`.slice(0, Number(len[1]));
  const known: Record<string, unknown> = {
    text: `v${i}`,
    "character varying": `v${i}`,
    boolean: true,
    date: "2020-01-02",
    interval: "1 day",
    uuid: `00000000-0000-0000-0000-00000000000${i}`,
    json: `{"i": ${i}}`,
    jsonb: `{"i": ${i}}`,
    bytea: "\\x01",
    inet: `10.0.0.${i}`,
    cidr: "10.0.0.0/8",
    macaddr: "08:00:2b:01:02:03",
    tsvector: "a b",
    "public.citext": `V${i}`,
    "ext.citext": `V${i}`,
    "public.hstore": `a=>${i}`,
  };
  if (base in known) return known[base];
  if (/^(time|timestamp)/.test(base))
    return base.startsWith("time ") || base.startsWith("time(") ? "12:00:00" : "2020-01-01 00:00:00";
  const e = model.enums.find((x) => quoteQualified(x.schema, x.name) === base);
  if (e) return e.values[0];
  const d = model.domains?.find((x) => quoteQualified(x.schema, x.name) === base);
  if (d) return sampleValue(d.type, i, model);
  if (model.compositeTypes?.some((x) => quoteQualified(x.schema, x.name) === base)) return null;
  throw new Error(`corpus: no sample value for type ${type}`);
}

/** Tables ordered so referenced tables come first. */
function parentsFirst(tables: TableModel[]): TableModel[] {
  const out: TableModel[] = [];
  const visit = (t: TableModel, seen: Set<TableModel>) => {
    if (out.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const c of t.constraints) {
      if (c.kind !== "foreignKey") continue;
      const p = tables.find((x) => x.schema === c.references.schema && x.name === c.references.table);
      if (p && p !== t) visit(p, seen);
    }
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

const label = (t: { schema: string; name: string }) =>
  t.schema === "public" ? t.name : `${t.schema}.${t.name}`;

async function insertRows(client: Client, model: SchemaModel, c: CorpusCase): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of parentsFirst(model.tables)) {
    let rows = c.rows?.[label(t)];
    if (!rows) {
      const writable = t.columns.filter((col) => col.identity === null && col.generated === null);
      rows = [1, 2].map((i) =>
        Object.fromEntries(writable.map((col) => [col.name, sampleValue(col.type, i, model)])),
      );
    }
    for (const row of rows) {
      const cols = Object.keys(row);
      const sql = cols.length
        ? `INSERT INTO ${quoteQualified(t.schema, t.name)} (${cols.map(quoteIdent).join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`
        : `INSERT INTO ${quoteQualified(t.schema, t.name)} DEFAULT VALUES`;
      await client.query(
        sql,
        cols.map((k) => row[k]),
      );
    }
    counts.set(`${t.schema}.${t.name}`, rows.length);
  }
  return counts;
}

async function resetDatabase(client: Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'",
  );
  for (const r of rows) await client.query(`DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE`);
  await client.query("CREATE SCHEMA public");
}

async function countRows(client: Client, schema: string, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${quoteQualified(schema, table)}`,
  );
  return Number(rows[0].n);
}

async function runCase(client: Client, c: CorpusCase): Promise<void> {
  await resetDatabase(client);
  const oldModel = fromSpec(c.old);
  const newModel = withViewColumns(fromSpec(c.new), c.viewColumns?.new);
  await applySchema(client, oldModel, { allowDataLoss: true });
  // creating from empty is itself a round trip: the fresh database must match `old` exactly
  const created = await introspect(client, { schemas: oldModel.schemas });
  assert.ok(
    sameSchema(created.model, oldModel),
    `fresh create differs:\n${describeDifferences(created.model, oldModel).join("\n")}`,
  );
  const counts = await insertRows(client, oldModel, c);
  const budget = { lockTimeoutMs: 5000 };

  if (c.unsupported) {
    const live = await introspect(client, { schemas: newModel.schemas });
    assert.throws(() => planChanges(live, newModel, { allowDataLoss: true }), UnsupportedChangeError);
    return;
  }
  if (c.destructive) {
    await assert.rejects(applySchema(client, newModel, { budget, scope: c.scope }), DataLossRefusedError);
    const untouched = await introspect(client, { schemas: oldModel.schemas });
    assert.ok(
      sameSchema(untouched.model, oldModel),
      `refused plan changed the schema:\n${describeDifferences(untouched.model, oldModel).join("\n")}`,
    );
  }
  const applied = await applySchema(client, newModel, {
    allowDataLoss: c.destructive ?? false,
    budget,
    scope: c.scope,
  });
  // The golden plan (test/corpus/golden, from the pure planner) is the plan that ran here.
  assert.deepEqual(
    applied.plan.steps.map((s) => s.sql),
    corpusPlan(c).map((s) => s.sql),
    "the plan run against Postgres differs from the case's golden plan",
  );

  const live = await introspect(client, { schemas: newModel.schemas });
  assert.ok(
    sameSchema(live.model, newModel),
    `inspect differs from desired:\n${describeDifferences(live.model, newModel).join("\n")}`,
  );
  const again = planChanges(live, newModel, { allowDataLoss: true, scope: c.scope }).steps;
  assert.deepEqual(
    again.map((s) => s.description),
    [],
    "plan after apply is not empty",
  );

  for (const t of oldModel.tables) {
    const now = newModel.tables.find(
      (n) => n.schema === t.schema && (n.name === t.name || n.renamedFrom === t.name),
    );
    if (!now) continue;
    assert.equal(
      await countRows(client, now.schema, now.name),
      counts.get(`${t.schema}.${t.name}`),
      `rows of ${label(t)} lost`,
    );
  }
}

/** Registers one mocha test per case; all cases of a file share one database and connection. */
export function convergenceSuite(title: string, cases: CorpusCase[]): void {
  describe(`corpus convergence: ${title}`, function () {
    let db: TestDatabase;
    let client: Client;
    before(async () => {
      db = await createTestDatabase("core_corpus");
      client = new Client({ connectionString: db.url });
      await client.connect();
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });
    for (const c of cases) it(c.name, () => runCase(client, c));
  });
}
