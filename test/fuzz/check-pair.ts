// One schema pair, checked end to end:
// 1. apply `old` to database A (rendered, planned, executed: the product's path), load rows;
// 2. plan from A to `new` and apply (data loss allowed: drops are declared by the edit);
// 3. convergence against Postgres itself: `new` written as plain DDL by this file (not by the
//    planner) and loaded into a fresh database B; `pg_dump --schema-only` of A and B must match
//    (normalised: identity sequence names, which keep a renamed table's old name, and dump noise);
// 4. rows kept: every table and column not dropped keeps its rows and values (values of widened
//    columns compared through the new type);
// 5. the pair's roles (cluster-wide, so not in pg_dump) have the declared login and memberships;
// 6. a fresh introspection of A against the rendered `new` plans nothing.
// Both plans manage the schemas of both declarations, so a schema no longer declared is dropped.
import { spawn } from "child_process";
import { Client } from "pg";
import { applySchema } from "../../core/apply";
import { introspect } from "../../core/introspect";
import { fromSpec } from "../../core/model";
import type { SchemaSpec, TableDeclaration } from "../../core/model/declaration";
import { planChanges } from "../../core/plan";
import { renderModel } from "../../core/render";
import { quoteIdent, quoteQualified } from "../../core/sql";
import { Pair, sampleValue, storedType } from "./generate";
import { declarationSql } from "./plain-ddl";

export interface PairDatabases {
  /** Migrated from old to new. */
  a: { url: string; client: Client };
  /** Created from new directly. */
  b: { url: string; client: Client };
}

export class PairFailure extends Error {
  constructor(
    readonly pair: Pair,
    readonly stage: string,
    detail: string,
  ) {
    super(`seed ${pair.seed} failed at ${stage}: ${detail}\n  edits: ${pair.edits.join("; ") || "(none)"}`);
    this.name = "PairFailure";
  }
}

/** Empties a database: every schema but Postgres' own (extensions go with theirs), then a bare public. */
async function reset(client: Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
  );
  for (const { name } of rows) await client.query(`DROP SCHEMA ${quoteIdent(name)} CASCADE`);
  await client.query("CREATE SCHEMA public");
}

/**
 * Removes the pair's roles (cluster-wide): what they own or were granted in both databases, then
 * the roles. Run before a pair (a killed run's leftovers) and after it.
 */
async function dropRoles(pair: Pair, dbs: PairDatabases): Promise<void> {
  if (!pair.roles.length) return;
  const { rows } = await dbs.a.client.query<{ name: string }>(
    "SELECT rolname AS name FROM pg_roles WHERE rolname = ANY($1)",
    [pair.roles],
  );
  if (!rows.length) return;
  // One role at a time: DROP OWNED BY of two roles named by one default ACL entry fails on the
  // second ("could not find tuple for default ACL").
  for (const db of [dbs.a, dbs.b])
    for (const { name } of rows) await db.client.query(`DROP OWNED BY ${quoteIdent(name)} CASCADE`);
  for (const { name } of rows) await dbs.a.client.query(`DROP ROLE ${quoteIdent(name)}`);
}

interface TableRef {
  schema: string;
  name: string;
  table: TableDeclaration;
}

/** Every table of a declaration that holds rows of its own (partitions hold their parent's). */
const tables = (s: SchemaSpec): TableRef[] =>
  Object.entries(s.schemas).flatMap(([schema, ns]) =>
    Object.entries(ns.tables ?? {}).map(([name, table]) => ({ schema, name, table })),
  );
const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** Parents before children, so FK values exist when rows go in (foreign keys stay in one schema). */
function parentsFirst(s: SchemaSpec): TableRef[] {
  const all = tables(s);
  const out: TableRef[] = [];
  const visit = (t: TableRef, seen: Set<string>) => {
    if (out.includes(t) || seen.has(key(t))) return;
    seen.add(key(t));
    for (const k of Object.values(t.table.constraints ?? {}))
      if (k.type === "foreignKey" && k.references.table !== t.name)
        visit(
          all.find((x) => x.schema === (k.references.schema ?? t.schema) && x.name === k.references.table)!,
          seen,
        );
    out.push(t);
  };
  all.forEach((t) => visit(t, new Set()));
  return out;
}

const rowsPerTable = 3;

async function loadRows(client: Client, s: SchemaSpec): Promise<void> {
  for (const { schema, name, table: t } of parentsFirst(s)) {
    const cols = Object.keys(t.columns).filter((c) => !t.columns[c].generated);
    for (let i = 1; i <= rowsPerTable; i++) {
      // FK columns point at the parent row with the same id (every table has ids 1..3).
      const values = cols.map((c) => {
        if (c === "id") return i;
        const stored = storedType(s, schema, t.columns[c].type);
        return sampleValue(stored.type, i, stored.enumValues);
      });
      await client.query(
        `INSERT INTO ${quoteQualified(schema, name)} (${cols.map(quoteIdent).join(", ")}) VALUES (${cols.map((_, k) => `$${k + 1}`).join(", ")})`,
        values,
      );
    }
  }
}

/** Every column of every table as text, by id. */
async function readValues(client: Client, s: SchemaSpec): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tables(s)) {
    for (const c of Object.keys(t.table.columns)) {
      const { rows } = await client.query<{ v: string | null }>(
        `SELECT ${quoteIdent(c)}::text AS v FROM ${quoteQualified(t.schema, t.name)} ORDER BY id`,
      );
      out.set(
        `${key(t)}.${c}`,
        rows.map((r) => r.v ?? "NULL"),
      );
    }
  }
  return out;
}

/** `pg_dump --schema-only` (owners and grants included), without what differs between equal schemas. */
export function normalisedDump(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pg_dump", ["--schema-only", `--dbname=${url}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`pg_dump exited ${code}: ${err}`));
      resolve(
        out
          .split("\n")
          .filter(
            (l) =>
              l.trim() !== "" &&
              !l.startsWith("--") &&
              !l.startsWith("SET ") &&
              !/^\\(un)?restrict /.test(l) &&
              !l.startsWith("SELECT pg_catalog.set_config"),
          )
          // A renamed table's identity sequence keeps its first name (Postgres never renames it).
          .map((l) => l.replace(/SEQUENCE NAME \S+/, "SEQUENCE NAME <identity sequence>"))
          .join("\n")
          // pg_dump's order follows object age where dependencies allow: compare statements as a set.
          .split(/;\n/)
          .sort()
          .join(";\n"),
      );
    });
  });
}

function firstDifference(a: string, b: string): string {
  const al = a.split("\n");
  const bl = b.split("\n");
  for (let i = 0; i < Math.max(al.length, bl.length); i++)
    if (al[i] !== bl[i])
      return `line ${i + 1}:\n    migrated: ${al[i] ?? "(end)"}\n    created:  ${bl[i] ?? "(end)"}\n  migrated dump:\n${al.slice(Math.max(0, i - 8), i + 8).join("\n")}`;
  return "none";
}

/** The new name of old table `t` (undefined when dropped, with its schema or alone). */
function tableNow(pair: Pair, t: TableRef): TableRef | undefined {
  return tables(pair.new).find(
    (x) =>
      x.schema === t.schema &&
      (x.table.renamedFrom === t.name || (x.name === t.name && !x.table.renamedFrom)),
  );
}

/** Login flag and memberships of the pair's roles as the server has them, against `new`. */
async function checkRoles(pair: Pair, client: Client): Promise<void> {
  const { rows } = await client.query<{ name: string; login: boolean; member_of: string[] }>(
    `SELECT r.rolname AS name, r.rolcanlogin AS login,
            array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                   WHERE m.member = r.oid ORDER BY 1)::text[] AS member_of
       FROM pg_roles r WHERE r.rolname = ANY($1) ORDER BY 1`,
    [Object.keys(pair.new.roles ?? {})],
  );
  const actual = Object.fromEntries(rows.map((r) => [r.name, { login: r.login, memberOf: r.member_of }]));
  const expected = Object.fromEntries(
    Object.entries(pair.new.roles ?? {})
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([n, d]) => [n, { login: d.login === true, memberOf: [...(d.memberOf ?? [])].sort() }]),
  );
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(
      `roles differ: ${JSON.stringify(actual)} on the server, declared ${JSON.stringify(expected)}`,
    );
}

export async function checkPair(pair: Pair, dbs: PairDatabases): Promise<void> {
  try {
    await dropRoles(pair, dbs);
    await checkPairOnce(pair, dbs);
  } finally {
    await dropRoles(pair, dbs);
  }
}

async function checkPairOnce(pair: Pair, dbs: PairDatabases): Promise<void> {
  const stage = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof PairFailure) throw error;
      throw new PairFailure(pair, what, (error as Error).message);
    }
  };
  const { a, b } = dbs;
  await reset(a.client);
  await reset(b.client);
  const budget = { lockTimeoutMs: 10_000 };
  const scope = { schemas: pair.schemas };
  await stage("apply old", async () =>
    applySchema(a.client, await renderModel(a.url, fromSpec(pair.old)), {
      allowDataLoss: true,
      budget,
      scope,
    }),
  );
  await stage("load rows", () => loadRows(a.client, pair.old));
  const before = await readValues(a.client, pair.old);
  const desired = await stage("render new", () => renderModel(a.url, fromSpec(pair.new)));
  await stage("apply new", () => applySchema(a.client, desired, { allowDataLoss: true, budget, scope }));
  await stage("create new from plain DDL", async () => {
    await b.client.query(declarationSql(pair.new));
  });
  await stage("compare pg_dump", async () => {
    const [migrated, created] = await Promise.all([normalisedDump(a.url), normalisedDump(b.url)]);
    if (migrated !== created) throw new Error(`schemas differ at ${firstDifference(migrated, created)}`);
  });
  await stage("roles", () => checkRoles(pair, a.client));
  await stage("rows kept", async () => {
    for (const old of tables(pair.old)) {
      const now = tableNow(pair, old);
      // A dropped partition takes its rows with it.
      if (!now || pair.dropped.includes(`${key(old)}#rows`)) continue;
      for (const c of Object.keys(old.table.columns)) {
        const newColumn = Object.entries(now.table.columns).find(
          ([n, col]) => col.renamedFrom === c || (n === c && !col.renamedFrom),
        )?.[0];
        if (!newColumn) continue;
        const expected = before.get(`${key(old)}.${c}`)!;
        const column = quoteIdent(newColumn);
        const table = quoteQualified(now.schema, now.name);
        const all = await a.client.query<{ v: string | null }>(
          `SELECT ${column}::text AS v FROM ${table} ORDER BY id`,
        );
        const values = all.rows.map((r) => r.v ?? "NULL");
        if (values.length !== expected.length)
          throw new Error(`${key(now)} has ${values.length} rows, had ${expected.length}`);
        if (!pair.retyped.includes(`${key(old)}.${c}`)) {
          if (JSON.stringify(values) !== JSON.stringify(expected))
            throw new Error(
              `${key(now)}.${newColumn} changed: ${JSON.stringify(expected)} -> ${JSON.stringify(values)}`,
            );
          continue;
        }
        // A widened column's text may change (1.25 -> 1.2500): compare as values of the new type.
        const type = now.table.columns[newColumn].type;
        const { rows } = await a.client.query<{ same: boolean }>(
          `SELECT bool_and(x.v IS NOT DISTINCT FROM (CASE WHEN u.e = 'NULL' THEN NULL ELSE u.e END)::${type}) AS same
             FROM (SELECT ${column} AS v, row_number() OVER (ORDER BY id) AS n FROM ${table}) x
             JOIN unnest($1::text[]) WITH ORDINALITY AS u(e, n) USING (n)`,
          [expected],
        );
        if (!rows[0]?.same)
          throw new Error(
            `${key(now)}.${newColumn} (widened) changed: ${JSON.stringify(expected)} -> ${JSON.stringify(values)}`,
          );
      }
    }
  });
  await stage("no-op re-plan", async () => {
    const live = await introspect(a.client, { schemas: pair.schemas });
    // Against the rendering of `new` made for the apply (rendering is deterministic).
    const again = planChanges(live, desired, { allowDataLoss: true, scope }).steps;
    if (again.length) throw new Error(`re-plan is not empty: ${again.map((s) => s.description).join("; ")}`);
  });
}
