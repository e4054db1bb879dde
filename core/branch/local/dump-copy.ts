// Local branches as a pg_dump copy of the parent into a scratch database on a rehearsal server (the
// parent's own server by default). The one local method that works against a busy, live parent on
// any PostgreSQL, managed ones included: pg_dump reads one MVCC snapshot and takes only ACCESS SHARE
// locks, which block no reads or writes (only DDL that wants ACCESS EXCLUSIVE waits behind them). It
// needs neither an idle parent (template) nor a replication connection (basebackup).
// The dump is in directory format with parallel jobs (-Fd -j), restored with parallel jobs too, and
// reports per-table progress from both tools' --verbose output.
// With a row limit it copies at most N rows per table (for very large parents): schema first
// (pre-data), then each table's first N rows, then rows whose foreign keys point at rows not copied
// are removed so that the post-data section (indexes, keys, foreign keys) restores as on the parent.
// That is a weaker rehearsal (data-dependent failures can hide in the rows left out), and the
// handle says so.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Client } from "pg";
import { describeExit, exitedCleanly, watchChild } from "../../backup/pg-tools";
import { BranchError } from "../types";
import { createMarkedDatabase, databaseShape, dropTemplateBranch } from "./template";
import { redactUrl, withDatabase } from "../../pg/connection-url";
import { quoteIdent } from "../../sql/quote";
import { checkDatabaseName, parentDatabaseOf, withClient } from "./sql";
import type { DumpCopyProgress } from "../driver-config";
export type { DumpCopyProgress };

export interface DumpCopyOptions {
  /**
   * Superuser (or CREATEDB) URL on the rehearsal server where the copy is created; its database
   * part is ignored. Default: the parent's server (the parent URL with database `postgres`).
   */
  serverUrl: string;
  /** Parallel pg_dump/pg_restore jobs (default: min(4, CPUs)). */
  jobs?: number;
  /** Copy at most this many rows per table (a sample; a weaker rehearsal). */
  rowLimit?: number;
  /** Folder holding pg_dump, pg_restore and psql; default: PATH. */
  pgBinDir?: string;
  onProgress?: (progress: DumpCopyProgress) => void;
}

export interface DumpCopyResult {
  connectionUrl: string;
  /** When pg_dump's snapshot was taken: the copy is the parent as of this moment. */
  snapshotAt: string;
  /** Whether roles and grants were kept (only on the parent's own server, where the roles exist). */
  keptOwnership: boolean;
}

export function defaultDumpJobs(): number {
  return Math.max(1, Math.min(4, os.cpus().length));
}

/** Copies the parent into a new marked database `name` on the rehearsal server. */
export async function createDumpCopyBranch(
  parentUrl: string,
  name: string,
  options: DumpCopyOptions,
): Promise<DumpCopyResult> {
  checkDatabaseName(name);
  const parent = parentDatabaseOf(parentUrl);
  const jobs = options.jobs ?? defaultDumpJobs();
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new BranchError(`dump jobs must be a whole number >= 1, not ${jobs}`);
  const limit = options.rowLimit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new BranchError(`rehearsal row limit must be a whole number >= 1, not ${limit}`);
  const sameServer = sameServerAs(parentUrl, options.serverUrl);
  if (sameServer && parent === name)
    throw new BranchError(`a branch cannot have its parent's name "${name}"`);
  const { tables, shape } = await withClient(parentUrl, async (c) => ({
    tables: await tablesWithData(c),
    shape: await databaseShape(c, parent),
  }));
  const branchUrl = withDatabase(options.serverUrl, name);
  await createMarkedDatabase(
    options.serverUrl,
    name,
    parent,
    sameServer ? shape : { ...shape, owner: undefined },
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-dump-copy-"));
  const tool = (t: string) => (options.pgBinDir ? path.join(options.pgBinDir, t) : t);
  // Another server may lack the parent's roles: restore everything as the connecting user there.
  const ownership = sameServer ? [] : ["--no-owner", "--no-acl"];
  const report = options.onProgress ?? (() => undefined);
  try {
    const snapshotAt = new Date().toISOString();
    const dumpDir = path.join(work, "dump");
    const dumpArgs = ["--format=directory", `--file=${dumpDir}`, "--verbose", "--no-sync"];
    if (limit === undefined) dumpArgs.push(`--jobs=${jobs}`);
    else dumpArgs.push("--schema-only");
    await runTool(tool("pg_dump"), [...dumpArgs, "--dbname", parentUrl], "dump", tables.length, report);
    if (limit === undefined) {
      await runTool(
        tool("pg_restore"),
        [`--jobs=${jobs}`, "--exit-on-error", "--verbose", ...ownership, "--dbname", branchUrl, dumpDir],
        "restore",
        tables.length,
        report,
      );
    } else {
      const restore = (section: string) =>
        runTool(
          tool("pg_restore"),
          [`--section=${section}`, "--exit-on-error", ...ownership, "--dbname", branchUrl, dumpDir],
          "restore",
          0,
          () => undefined,
        );
      await restore("pre-data");
      await copySample(parentUrl, branchUrl, tables, limit, tool("psql"), report);
      await removeOrphans(parentUrl, branchUrl);
      await copySequenceValues(parentUrl, branchUrl);
      await restore("post-data");
    }
    return { connectionUrl: branchUrl, snapshotAt, keptOwnership: sameServer };
  } catch (error) {
    await dropTemplateBranch(name, { adminUrl: options.serverUrl, terminateParentConnections: false }).catch(
      () => undefined,
    );
    throw error instanceof BranchError
      ? error
      : new BranchError(
          `copying "${parent}" with pg_dump failed: ${scrub(errorText(error), parentUrl, branchUrl)}`,
        );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Same host and port (the database part does not matter). */
export function sameServerAs(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432");
}

interface TableRef {
  schema: string;
  name: string;
}

/** Ordinary tables outside the system and extension schemas: what pg_dump copies data of. */
async function tablesWithData(client: Client): Promise<TableRef[]> {
  const { rows } = await client.query<TableRef>(
    `select n.nspname as schema, c.relname as name
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and c.relpersistence <> 't'
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
        and not exists (select 1 from pg_catalog.pg_depend d
                         where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by 1, 2`,
  );
  return rows;
}

// pg_dump: `dumping contents of table "public.items"` (serial) or `finished item 7 TABLE DATA items`
// (parallel); pg_restore: `processing data for table "public.items"` or the same `finished item`.
const tableLine =
  /(?:dumping contents of table|processing data for table) "([^"]+)"|finished item \d+ TABLE DATA (\S+)/;

/** Runs pg_dump or pg_restore, counting the tables it reports, and fails with its stderr's tail. */
async function runTool(
  binary: string,
  args: string[],
  phase: DumpCopyProgress["phase"],
  total: number,
  report: (p: DumpCopyProgress) => void,
): Promise<void> {
  const { env, args: safeArgs } = passwordsToEnv(args);
  const child = spawn(binary, safeArgs, { env, stdio: ["ignore", "ignore", "pipe"] });
  let done = 0;
  let pending = "";
  child.stderr.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const m = tableLine.exec(line);
      if (m && total > 0)
        report({ phase, tablesDone: Math.min(++done, total), tablesTotal: total, table: m[1] ?? m[2] });
    }
  });
  const exit = await watchChild(child);
  if (!exitedCleanly(exit)) {
    // Keep the error lines, not the --verbose chatter.
    const errors = exit.stderr
      .split("\n")
      .filter((l) => /error|fatal|warning|detail|hint/i.test(l))
      .join("\n");
    throw new BranchError(describeExit(path.basename(binary), { ...exit, stderr: errors || exit.stderr }));
  }
}

/**
 * Moves a URL's password to PGPASSWORD so it never shows in `ps`. A call passes at most one URL
 * with a password (the parent to pg_dump, the copy to pg_restore).
 */
function passwordsToEnv(args: string[]): { env: NodeJS.ProcessEnv; args: string[] } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const out = args.map((a) => {
    if (!/^postgres(ql)?:\/\//.test(a)) return a;
    const url = new URL(a);
    if (!url.password) return a;
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = "";
    return url.toString();
  });
  return { env, args: out };
}

/** Streams each table's first `limit` rows from the parent into the copy (psql \copy on both ends). */
async function copySample(
  parentUrl: string,
  branchUrl: string,
  tables: readonly TableRef[],
  limit: number,
  psql: string,
  report: (p: DumpCopyProgress) => void,
): Promise<void> {
  const columns = await withClient(parentUrl, async (c) => {
    const out = new Map<string, string[]>();
    for (const t of tables) {
      const r = await c.query<{ name: string }>(
        `select a.attname as name from pg_catalog.pg_attribute a
          where a.attrelid = pg_catalog.to_regclass($1) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
          order by a.attnum`,
        [`${quoteIdent(t.schema)}.${quoteIdent(t.name)}`],
      );
      out.set(
        `${t.schema}.${t.name}`,
        r.rows.map((x) => quoteIdent(x.name)),
      );
    }
    return out;
  });
  let done = 0;
  for (const t of tables) {
    const relation = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const list = (columns.get(`${t.schema}.${t.name}`) ?? []).join(", ");
    if (list) {
      // Identifiers are quoted above; the limit is a validated integer.
      const out = `\\copy (select ${list} from only ${relation} limit ${limit}) to stdout`;
      const into = `\\copy ${relation} (${list}) from stdin`;
      await pipePsql(psql, parentUrl, out, branchUrl, into);
    }
    report({
      phase: "sample",
      tablesDone: ++done,
      tablesTotal: tables.length,
      table: `${t.schema}.${t.name}`,
    });
  }
}

async function pipePsql(
  psql: string,
  fromUrl: string,
  fromCmd: string,
  toUrl: string,
  toCmd: string,
): Promise<void> {
  const from = passwordsToEnv([fromUrl]);
  const to = passwordsToEnv([toUrl]);
  const common = ["-X", "-q", "-v", "ON_ERROR_STOP=1"];
  const reader = spawn(psql, [...common, "-d", from.args[0], "-c", fromCmd], {
    env: from.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const writer = spawn(psql, [...common, "-d", to.args[0], "-c", toCmd], {
    env: to.env,
    stdio: ["pipe", "ignore", "pipe"],
  });
  reader.stdout.pipe(writer.stdin);
  writer.stdin.on("error", () => undefined);
  const [r, w] = await Promise.all([watchChild(reader), watchChild(writer)]);
  if (!exitedCleanly(r)) throw new BranchError(describeExit("psql (reading the parent)", r));
  if (!exitedCleanly(w)) throw new BranchError(describeExit("psql (writing the copy)", w));
}

/**
 * Deletes rows of the copy whose foreign keys (read from the parent: the copy gets them only with
 * post-data) reference rows the sample left out, until none is left, since a deletion can orphan
 * further rows. MATCH SIMPLE: a key with a null column references nothing.
 */
async function removeOrphans(parentUrl: string, branchUrl: string): Promise<void> {
  const keys = await withClient(parentUrl, async (c) => {
    const r = await c.query<{ child: string; parent: string; childCols: string[]; parentCols: string[] }>(
      `select pg_catalog.format('%I.%I', cn.nspname, cc.relname) as child,
              pg_catalog.format('%I.%I', pn.nspname, pc.relname) as parent,
              array(select pg_catalog.quote_ident(a.attname) from unnest(k.conkey) with ordinality u(num, ord)
                      join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord) as "childCols",
              array(select pg_catalog.quote_ident(a.attname) from unnest(k.confkey) with ordinality u(num, ord)
                      join pg_catalog.pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord) as "parentCols"
         from pg_catalog.pg_constraint k
         join pg_catalog.pg_class cc on cc.oid = k.conrelid join pg_catalog.pg_namespace cn on cn.oid = cc.relnamespace
         join pg_catalog.pg_class pc on pc.oid = k.confrelid join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
        where k.contype = 'f' and cc.relkind = 'r'`,
    );
    return r.rows;
  });
  if (keys.length === 0) return;
  // Names come quoted by the server (format %I, quote_ident).
  const deletes = keys.map((k) => {
    const present = k.childCols.map((c) => `x.${c} is not null`).join(" and ");
    const match = k.childCols.map((c, i) => `y.${k.parentCols[i]} = x.${c}`).join(" and ");
    return `delete from only ${k.child} x where ${present} and not exists (select 1 from only ${k.parent} y where ${match})`;
  });
  await withClient(branchUrl, async (c) => {
    for (let round = 0; round < 1000; round++) {
      let deleted = 0;
      for (const sql of deletes) deleted += (await c.query(sql)).rowCount ?? 0;
      if (deleted === 0) return;
    }
    throw new BranchError("removing sampled rows whose foreign keys point at rows not copied did not settle");
  });
}

async function copySequenceValues(parentUrl: string, branchUrl: string): Promise<void> {
  const values = await withClient(parentUrl, async (c) => {
    const r = await c.query<{ seq: string; last: string | null; called: boolean }>(
      `select pg_catalog.format('%I.%I', schemaname, sequencename) as seq, last_value::text as last,
              last_value is not null as called
         from pg_catalog.pg_sequences`,
    );
    return r.rows;
  });
  await withClient(branchUrl, async (c) => {
    for (const v of values) {
      if (v.last === null) continue;
      await c.query("select pg_catalog.setval($1::regclass, $2::bigint, $3)", [v.seq, v.last, v.called]);
    }
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function scrub(text: string, ...urls: string[]): string {
  return urls.reduce((t, u) => {
    const password = new URL(u).password;
    return password ? t.split(password).join("***").split(u).join(redactUrl(u)) : t;
  }, text);
}
