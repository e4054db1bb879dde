// A throwaway database on the same server (or a dev server) where desired schemas are rendered:
// Postgres itself then normalises expressions and types exactly as it will on the target.
// Bounded in time (the time budget's renderTimeoutMs as statement_timeout) and never left behind:
// dropped on success and failure, registered for the CLI's signal handler while it exists, and
// named after its run (core/lifecycle/run-owner.ts) so the next run drops what a killed one left.
import { withDatabase } from "../pg/connection-url";
import { randomBytes } from "crypto";
import type { Client } from "pg";
import { registerCleanup } from "../lifecycle/cleanups";
import { endDeadRunSessions } from "../lifecycle/dead-run-sessions";
import { currentOwner, describeOwner, formatOwner, parseOwner, ownerState } from "../lifecycle/run-owner";
import { TimeBudgetExceededError, isStatementTimeout, timeBudget } from "../pg/time-budget";
import { withClient } from "../pg/with-client";
import { quoteIdent } from "../sql/quote";

export const scratchPrefix = "schemastack_scratch_";

export interface ScratchOptions {
  /** statement_timeout in the scratch database (ms); default: the time budget's renderTimeoutMs. */
  statementTimeoutMs?: number;
  /** Told about each leftover of a dead run that was dropped; default: a line on stderr. */
  onNotice?: (message: string) => void;
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

export async function withScratchDatabase<T>(
  serverUrl: string,
  fn: (client: Client) => Promise<T>,
  options: ScratchOptions = {},
): Promise<T> {
  const statementTimeoutMs = options.statementTimeoutMs ?? timeBudget().renderTimeoutMs;
  await sweepScratchDatabases(serverUrl, options.onNotice).catch(() => undefined);
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
      return await withClient(withDatabase(serverUrl, name), async (client) => {
        await client.query("select pg_catalog.set_config('statement_timeout', $1, false)", [
          `${statementTimeoutMs}ms`,
        ]);
        return await fn(client);
      });
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
      await drop();
    }
  } finally {
    unregister();
  }
}
