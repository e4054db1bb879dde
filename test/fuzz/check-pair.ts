// One schema pair, checked end to end:
// 1. apply `old` to database A (rendered, planned, executed: the product's path), load rows;
// 2. plan from A to `new` and apply (data loss allowed: drops are declared by the edit);
// 3. convergence against Postgres itself: `new` written as plain DDL by this file (not by the
//    planner) and loaded into a fresh database B; `pg_dump --schema-only` of A and B must match
//    (normalised: identity sequence names, which keep a renamed table's old name, and dump noise);
// 4. rows kept: every table and column not dropped keeps its rows and values (values of widened
//    columns compared through the new type);
// 5. a fresh introspection of A against the rendered `new` plans nothing.
import { spawn } from "child_process";
import { Client } from "pg";
import { applySchema } from "../../core/apply";
import { introspect } from "../../core/introspect";
import { fromSpec } from "../../core/model";
import type { SchemaSpec, TableDeclaration } from "../../core/model/declaration";
import { planChanges } from "../../core/plan";
import { renderModel } from "../../core/render";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../core/sql";
import { Pair, sampleValue } from "./generate";

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

async function reset(client: Client): Promise<void> {
  await client.query("DROP SCHEMA IF EXISTS public CASCADE");
  await client.query("CREATE SCHEMA public");
}

const tables = (s: SchemaSpec) => s.schemas.public.tables ?? {};
const enumValues = (s: SchemaSpec, type: string): string[] | undefined => {
  const e = s.schemas.public.enums?.[type];
  return e === undefined ? undefined : Array.isArray(e) ? e : e.values;
};

/** Parents before children, so FK values exist when rows go in. */
function parentsFirst(s: SchemaSpec): string[] {
  const out: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    if (out.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const k of Object.values(tables(s)[name].constraints ?? {}))
      if (k.type === "foreignKey" && k.references.table !== name) visit(k.references.table, seen);
    out.push(name);
  };
  Object.keys(tables(s)).forEach((n) => visit(n, new Set()));
  return out;
}

const rowsPerTable = 3;

async function loadRows(client: Client, s: SchemaSpec): Promise<void> {
  for (const name of parentsFirst(s)) {
    const t = tables(s)[name];
    const cols = Object.keys(t.columns).filter((c) => !t.columns[c].generated);
    for (let i = 1; i <= rowsPerTable; i++) {
      // FK columns point at the parent row with the same id (every table has ids 1..3).
      const values = cols.map((c) =>
        c === "id" ? i : sampleValue(t.columns[c].type, i, enumValues(s, t.columns[c].type)),
      );
      await client.query(
        `INSERT INTO ${quoteQualified("public", name)} (${cols.map(quoteIdent).join(", ")}) VALUES (${cols.map((_, k) => `$${k + 1}`).join(", ")})`,
        values,
      );
    }
  }
}

/** Every column of every table as text, by id. */
async function readValues(client: Client, s: SchemaSpec): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const [name, t] of Object.entries(tables(s))) {
    for (const c of Object.keys(t.columns)) {
      const { rows } = await client.query<{ v: string | null }>(
        `SELECT ${quoteIdent(c)}::text AS v FROM ${quoteQualified("public", name)} ORDER BY id`,
      );
      out.set(
        `${name}.${c}`,
        rows.map((r) => r.v ?? "NULL"),
      );
    }
  }
  return out;
}

/** `new` as plain DDL, written here from the declaration (the oracle must not be the planner). */
export function declarationSql(s: SchemaSpec): string {
  const out: string[] = [];
  const q = (name: string) => quoteQualified("public", name);
  for (const [name, e] of Object.entries(s.schemas.public.enums ?? {})) {
    const values = Array.isArray(e) ? e : e.values;
    out.push(`CREATE TYPE ${q(name)} AS ENUM (${values.map(quoteLiteral).join(", ")});`);
  }
  const later: string[] = [];
  for (const [name, t] of Object.entries(tables(s))) {
    const lines: string[] = [];
    for (const [c, col] of Object.entries(t.columns)) {
      const type = enumValues(s, col.type) ? q(col.type) : col.type;
      let line = `${quoteIdent(c)} ${type}`;
      if (col.collation) line += ` COLLATE ${quoteIdent(col.collation)}`;
      if (col.identity) line += ` GENERATED ${col.identity.toUpperCase()} AS IDENTITY`;
      if (col.nullable === false || col.primaryKey || col.identity) line += " NOT NULL";
      if (col.default !== undefined) line += ` DEFAULT ${col.default}`;
      lines.push(line);
      if (col.primaryKey)
        lines.push(`CONSTRAINT ${quoteIdent(`${name}_pkey`)} PRIMARY KEY (${quoteIdent(c)})`);
      if (col.comment)
        later.push(`COMMENT ON COLUMN ${q(name)}.${quoteIdent(c)} IS ${quoteLiteral(col.comment)};`);
    }
    for (const [k, con] of Object.entries(t.constraints ?? {})) {
      const cols = (xs: string[]) => xs.map(quoteIdent).join(", ");
      if (con.type === "check") lines.push(`CONSTRAINT ${quoteIdent(k)} CHECK (${con.expression})`);
      else if (con.type === "exclusion") throw new Error("the fuzzer declares no exclusion constraints");
      else if (con.type === "unique") lines.push(`CONSTRAINT ${quoteIdent(k)} UNIQUE (${cols(con.columns)})`);
      else if (con.type === "primaryKey")
        lines.push(`CONSTRAINT ${quoteIdent(k)} PRIMARY KEY (${cols(con.columns)})`);
      else
        later.push(
          `ALTER TABLE ${q(name)} ADD CONSTRAINT ${quoteIdent(k)} FOREIGN KEY (${cols(con.columns)}) REFERENCES ${q(con.references.table)} (${cols(con.references.columns)}) ON DELETE ${(con.onDelete ?? "no action").toUpperCase()};`,
        );
    }
    out.push(`CREATE TABLE ${q(name)} (\n  ${lines.join(",\n  ")}\n);`);
    if (t.comment) later.push(`COMMENT ON TABLE ${q(name)} IS ${quoteLiteral(t.comment)};`);
    for (const [ix, index] of Object.entries(t.indexes ?? {})) {
      const keys = index.columns
        .map((k) =>
          typeof k === "string"
            ? quoteIdent(k)
            : `${quoteIdent(k.column!)}${k.order === "desc" ? " DESC" : ""}`,
        )
        .join(", ");
      later.push(
        `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quoteIdent(ix)} ON ${q(name)} (${keys})` +
          (index.include?.length ? ` INCLUDE (${index.include.map(quoteIdent).join(", ")})` : "") +
          (index.where ? ` WHERE ${index.where}` : "") +
          ";",
      );
    }
  }
  return [...out, ...later].join("\n");
}

/** `pg_dump --schema-only` of the public schema, without what differs between equal schemas. */
export function normalisedDump(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pg_dump", ["--schema-only", "--schema=public", "--no-owner", `--dbname=${url}`], {
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
          .map((l) => l.replace(/SEQUENCE NAME public\.\S+/, "SEQUENCE NAME <identity sequence>"))
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

/** The new name of old table `name` (undefined when dropped). */
function tableNow(pair: Pair, name: string): [string, TableDeclaration] | undefined {
  return Object.entries(tables(pair.new)).find(
    ([n, t]) => t.renamedFrom === name || (n === name && !t.renamedFrom),
  );
}

export async function checkPair(pair: Pair, dbs: PairDatabases): Promise<void> {
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
  await stage("apply old", async () =>
    applySchema(a.client, await renderModel(a.url, fromSpec(pair.old)), { allowDataLoss: true, budget }),
  );
  await stage("load rows", () => loadRows(a.client, pair.old));
  const before = await readValues(a.client, pair.old);
  const desired = await stage("render new", () => renderModel(a.url, fromSpec(pair.new)));
  await stage("apply new", () => applySchema(a.client, desired, { allowDataLoss: true, budget }));
  await stage("create new from plain DDL", async () => {
    await b.client.query(declarationSql(pair.new));
  });
  await stage("compare pg_dump", async () => {
    const [migrated, created] = await Promise.all([normalisedDump(a.url), normalisedDump(b.url)]);
    if (migrated !== created) throw new Error(`schemas differ at ${firstDifference(migrated, created)}`);
  });
  await stage("rows kept", async () => {
    for (const [name, t] of Object.entries(tables(pair.old))) {
      const now = tableNow(pair, name);
      if (!now) continue;
      const [newName, newTable] = now;
      for (const c of Object.keys(t.columns)) {
        const newColumn = Object.entries(newTable.columns).find(
          ([n, col]) => col.renamedFrom === c || (n === c && !col.renamedFrom),
        )?.[0];
        if (!newColumn) continue;
        const expected = before.get(`${name}.${c}`)!;
        const column = quoteIdent(newColumn);
        const table = quoteQualified("public", newName);
        const all = await a.client.query<{ v: string | null }>(
          `SELECT ${column}::text AS v FROM ${table} ORDER BY id`,
        );
        const values = all.rows.map((r) => r.v ?? "NULL");
        if (values.length !== expected.length)
          throw new Error(`${newName} has ${values.length} rows, had ${expected.length}`);
        if (!pair.retyped.includes(`${name}.${c}`)) {
          if (JSON.stringify(values) !== JSON.stringify(expected))
            throw new Error(
              `${newName}.${newColumn} changed: ${JSON.stringify(expected)} -> ${JSON.stringify(values)}`,
            );
          continue;
        }
        // A widened column's text may change (1.25 -> 1.2500): compare as values of the new type.
        const type = newTable.columns[newColumn].type;
        const typeSql = enumValues(pair.new, type) ? quoteQualified("public", type) : type;
        const { rows } = await a.client.query<{ same: boolean }>(
          `SELECT bool_and(x.v IS NOT DISTINCT FROM (CASE WHEN u.e = 'NULL' THEN NULL ELSE u.e END)::${typeSql}) AS same
             FROM (SELECT ${column} AS v, row_number() OVER (ORDER BY id) AS n FROM ${table}) x
             JOIN unnest($1::text[]) WITH ORDINALITY AS u(e, n) USING (n)`,
          [expected],
        );
        if (!rows[0]?.same)
          throw new Error(
            `${newName}.${newColumn} (widened) changed: ${JSON.stringify(expected)} -> ${JSON.stringify(values)}`,
          );
      }
    }
  });
  await stage("no-op re-plan", async () => {
    const live = await introspect(a.client, { schemas: ["public"] });
    // Against the rendering of `new` made for the apply (rendering is deterministic).
    const again = planChanges(live, desired, { allowDataLoss: true }).steps;
    if (again.length) throw new Error(`re-plan is not empty: ${again.map((s) => s.description).join("; ")}`);
  });
}
