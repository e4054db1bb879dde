// Where desired schemas are rendered: Postgres itself then normalises expressions and types exactly
// as it will on the target. Two places, on the same server (or a dev server):
// - usually one transaction in the server's long-lived shared scratch database
//   (`schemastack_scratch_shared`), rolled back at the end: nothing is ever committed there, so
//   nothing is left behind whatever happens to the run (a killed client's transaction rolls back
//   when its backend ends; a later run ends a dead run's backend, core/lifecycle/dead-run-sessions),
//   and concurrent runs do not see each other's objects (a run declaring the same schema waits for
//   the other's rollback). No database is created and dropped per run (bench/RESULTS.md section 8);
// - a throwaway database of the run's own when that is not possible (the role may not create
//   schemas in the shared database, the desired SQL cannot run in a transaction block, two runs
//   deadlocked): dropped on success and failure, named after its run (core/lifecycle/run-owner.ts)
//   so the next run drops what a killed one left.
// Both are bounded in time (the time budget's renderTimeoutMs as statement_timeout).
import { withDatabase } from "../pg/connection-url";
import { randomBytes } from "crypto";
import type { Client } from "pg";
import { registerCleanup } from "../lifecycle/cleanups";
import { endDeadRunSessions } from "../lifecycle/dead-run-sessions";
import { currentOwner, describeOwner, formatOwner, parseOwner, ownerState } from "../lifecycle/run-owner";
import { TimeBudgetExceededError, isStatementTimeout, timeBudget } from "../pg/time-budget";
import { connectClient, withClient } from "../pg/with-client";
import { quoteIdent } from "../sql/quote";
import { readTogether } from "../introspect/queryable";

export const scratchPrefix = "schemastack_scratch_";
/** The long-lived scratch database (its name has no run owner: sweeps never drop it). */
export const sharedScratchDatabase = `${scratchPrefix}shared`;

export interface ScratchOptions {
  /** statement_timeout in the scratch database (ms); default: the time budget's renderTimeoutMs. */
  statementTimeoutMs?: number;
  /** Told about each leftover of a dead run that was dropped; default: a line on stderr. */
  onNotice?: (message: string) => void;
}

/** Where `fn` runs: a rolled-back transaction in the shared scratch database, or a database of its own. */
export interface ScratchContext {
  shared: boolean;
}

/**
 * Thrown by a render that cannot run in the shared scratch database's transaction (a step that must
 * run outside a transaction block): the render starts again in a database of the run's own.
 */
export class OwnScratchDatabaseNeeded extends Error {
  constructor(reason: string) {
    super(`rendering needs a scratch database of its own: ${reason}`);
    this.name = "OwnScratchDatabaseNeeded";
  }
}

/**
 * Errors after which the render is tried again in a database of the run's own: the statement
 * cannot run in a transaction block (25001), ends the transaction (2D000, 25P01), the role may not
 * create there (42501), or two runs deadlocked on the same declared names (40P01).
 */
const ownDatabaseCodes = new Set(["25001", "25P01", "2D000", "42501", "40P01"]);

function needsOwnDatabase(error: unknown): boolean {
  if (error instanceof OwnScratchDatabaseNeeded) return true;
  const codeOf = (e: unknown) => (e as { code?: string } | undefined)?.code;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown }).cause);
  return code !== undefined && ownDatabaseCodes.has(code);
}

function defaultNotice(message: string): void {
  process.stderr.write(`schemastack: ${message}\n`);
}

/** `schemastack_scratch_<host>_<pid>_<start>_<random>` (at most 49 bytes). */
export function scratchDatabaseName(): string {
  return `${scratchPrefix}${formatOwner(currentOwner())}_${randomBytes(3).toString("hex")}`;
}

/**
 * Ends the sessions dead runs left running (core/lifecycle/dead-run-sessions.ts) and drops the
 * scratch databases that this host's dead runs left on this server (their process is gone, or
 * its pid now belongs to a process with another start time). Returns what it dropped. A live
 * run's scratch database is never touched.
 */
export async function sweepScratchDatabases(
  serverUrl: string,
  onNotice: (message: string) => void = defaultNotice,
): Promise<string[]> {
  return withClient(serverUrl, async (admin) => {
    for (const notice of await endDeadRunSessions(admin)) onNotice(notice);
    const { rows } = await admin.query<{ name: string }>(
      `select d.datname as name from pg_catalog.pg_database d where d.datname like $1 escape '!'`,
      [`${scratchPrefix.replace(/_/g, "!_")}%`],
    );
    const dropped: string[] = [];
    for (const { name } of rows) {
      const owner = parseOwner(name.slice(scratchPrefix.length));
      // Names without an owner (earlier versions) are never swept: such a run may be between its
      // CREATE DATABASE and its first connection, and nothing tells it from a dead one.
      if (!owner) continue;
      // Another host's runs cannot be seen from here: their leftovers wait for a run on that host.
      if (ownerState(owner) !== "dead") continue;
      const why = `${describeOwner(owner)}, which is no longer running`;
      // FORCE ends the dead run's backend too (it may still be running the statement it was given).
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).then(
        () => {
          dropped.push(name);
          onNotice(`removed scratch database ${name} left by ${why}`);
        },
        () => undefined, // another run swept it first, or the role may not drop it: not this run's problem
      );
    }
    return dropped;
  });
}

/**
 * True when the shared scratch database holds nothing committed besides what every new database
 * holds (system schemas, an empty `public`, extension members): the only state a render may start
 * from. Also returns the transaction id, to tell afterwards whether the desired SQL committed.
 */
const pristineQuery = `
select pg_catalog.txid_current()::text as xid,
  not exists (select 1 from pg_catalog.pg_namespace n
               where n.nspname not like 'pg!_%' escape '!' and n.nspname not in ('information_schema', 'public'))
  and not exists (select 1 from pg_catalog.pg_class c
               where c.relnamespace = (select oid from pg_catalog.pg_namespace where nspname = 'public') and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                 and not exists (select 1 from pg_catalog.pg_depend d
                                  where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'))
  and not exists (select 1 from pg_catalog.pg_type t
               where t.typnamespace = (select oid from pg_catalog.pg_namespace where nspname = 'public') and t.typrelid = 0
                 and not exists (select 1 from pg_catalog.pg_depend d
                                  where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype in ('e', 'i')))
  and not exists (select 1 from pg_catalog.pg_proc p
               where p.pronamespace = (select oid from pg_catalog.pg_namespace where nspname = 'public')
                 and not exists (select 1 from pg_catalog.pg_depend d
                                  where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'))
  as pristine`;

type SharedOutcome<T> = { rendered: true; value: T } | { rendered: false };

/** Connects to the shared scratch database, creating it on first use; undefined when it cannot. */
async function connectShared(serverUrl: string): Promise<Client | undefined> {
  const url = withDatabase(serverUrl, sharedScratchDatabase);
  // Pipelined: the read-back of the render takes a few round trips (core/introspect/queryable.ts).
  const connect = () => connectClient(url, { applicationName: "schemastack render", pipeline: true });
  try {
    return await connect();
  } catch (error) {
    if (error instanceof TimeBudgetExceededError) throw error; // the server is slow: do not wait twice
    if ((error as { code?: string }).code !== "3D000") return undefined; // e.g. no CONNECT privilege
  }
  const created = await withClient(serverUrl, (c) =>
    c.query(`CREATE DATABASE ${quoteIdent(sharedScratchDatabase)}`),
  ).then(
    () => true,
    // 42P04 / 23505: a concurrent run created it first. Anything else (no CREATEDB: 42501): the
    // run's own database is tried next, and says what to do if that cannot be created either.
    (error: { code?: string }) => error.code === "42P04" || error.code === "23505",
  );
  return created ? connect().catch(() => undefined) : undefined;
}

async function inSharedScratch<T>(
  serverUrl: string,
  fn: (client: Client, context: ScratchContext) => Promise<T>,
  statementTimeoutMs: number,
  onNotice: (message: string) => void,
): Promise<SharedOutcome<T>> {
  const client = await connectShared(serverUrl);
  if (!client) return { rendered: false };
  let startXid: string | undefined;
  try {
    // Sent together (the client is pipelined): one round trip before the render starts.
    const [, , { rows }] = await readTogether(client, [
      () => client.query("begin"),
      () =>
        client.query("select pg_catalog.set_config('statement_timeout', $1, true)", [
          `${statementTimeoutMs}ms`,
        ]),
      () => client.query<{ xid: string; pristine: boolean }>(pristineQuery),
    ]);
    if (!rows[0]) return { rendered: false };
    if (!rows[0].pristine) {
      onNotice(
        `the shared scratch database ${sharedScratchDatabase} holds objects (left by a desired SQL file that committed?): ` +
          "rendering in a database of this run's own; drop it to render faster again",
      );
      return { rendered: false };
    }
    startXid = rows[0].xid;
    try {
      return { rendered: true, value: await fn(client, { shared: true }) };
    } catch (error) {
      if (needsOwnDatabase(error)) return { rendered: false };
      throw error;
    }
  } finally {
    // The desired SQL may hold a COMMIT: then what it made stays, and the database is dropped. (A
    // transaction id after ours means it committed; a failed transaction answers nothing.)
    const after = startXid
      ? await client
          .query<{ xid: string }>("select pg_catalog.txid_current()::text as xid")
          .catch(() => undefined)
      : undefined;
    const committed = after !== undefined && after.rows[0]?.xid !== startXid;
    await client.query("rollback").catch(() => undefined);
    await client.end().catch(() => undefined);
    if (committed)
      await withClient(serverUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${quoteIdent(sharedScratchDatabase)}`),
      ).catch(
        () => undefined, // in use by another run: the next run renders in its own database and says so
      );
  }
}

async function inOwnScratch<T>(
  serverUrl: string,
  fn: (client: Client, context: ScratchContext) => Promise<T>,
  statementTimeoutMs: number,
): Promise<T> {
  const name = scratchDatabaseName();
  const drop = () =>
    withClient(serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
  // Registered before CREATE: a signal during CREATE DATABASE still drops what it made.
  const unregister = registerCleanup(`scratch database ${name}`, drop);
  try {
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`)).catch(
      (error: unknown) => {
        // A least-privilege role (schema owner, no CREATEDB) lands here: say what to do instead of
        // letting "permission denied to create database" read like a problem with the schema.
        if ((error as { code?: string }).code === "42501") {
          throw new Error(
            `cannot create a scratch database to render the declared schema in (${(error as Error).message}): ` +
              "render on a development server instead (Database `renderOn: <url>`, CLI `--dev-url <url>`), " +
              "or grant the role CREATEDB",
          );
        }
        throw error;
      },
    );
    try {
      return await withClient(
        withDatabase(serverUrl, name),
        async (client) => {
          await client.query("select pg_catalog.set_config('statement_timeout', $1, false)", [
            `${statementTimeoutMs}ms`,
          ]);
          return await fn(client, { shared: false });
        },
        { pipeline: true },
      );
    } finally {
      await drop();
    }
  } finally {
    unregister();
  }
}

/**
 * Runs `fn` against an empty database on `serverUrl`'s server that nobody else sees: the shared
 * scratch database's rolled-back transaction, or else a database of the run's own. Meanwhile the
 * leftovers of dead runs on that server are swept (sweepScratchDatabases).
 */
export async function withScratchDatabase<T>(
  serverUrl: string,
  fn: (client: Client, context: ScratchContext) => Promise<T>,
  options: ScratchOptions = {},
): Promise<T> {
  const statementTimeoutMs = options.statementTimeoutMs ?? timeBudget().renderTimeoutMs;
  const onNotice = options.onNotice ?? defaultNotice;
  // Concurrently: a dead run's backend may hold a lock this render waits for, and the sweep ends it.
  const sweep = sweepScratchDatabases(serverUrl, onNotice).catch(() => undefined);
  try {
    const shared = await inSharedScratch(serverUrl, fn, statementTimeoutMs, onNotice);
    return shared.rendered ? shared.value : await inOwnScratch(serverUrl, fn, statementTimeoutMs);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (
      !(error instanceof TimeBudgetExceededError) &&
      (isStatementTimeout(error) || isStatementTimeout(cause))
    )
      throw new TimeBudgetExceededError(
        "rendering the desired schema in a scratch database",
        "renderTimeoutMs",
        statementTimeoutMs,
        error,
      );
    throw error;
  } finally {
    await sweep;
  }
}
