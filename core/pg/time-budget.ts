// Every wait on a server is bounded. The limits live here, once: how long to wait for a
// connection, for a catalog read and for rendering the desired schema in a scratch database.
// (Per-step DDL limits, lock_timeout and the step statement_timeout, are the executor's lock budget.)
// The defaults are far above what a normal schema needs, so only a hung or blackholed server or a
// runaway desired file ever meets them; each limit names the CLI flag and stack config that raise it.

export interface TimeBudget {
  /** Opening a connection (TCP + TLS + authentication); also PGCONNECT_TIMEOUT for pg_dump/pg_restore. */
  connectTimeoutMs: number;
  /** statement_timeout for each catalog read (introspection, version row, branch and backup checks). */
  catalogTimeoutMs: number;
  /** statement_timeout for rendering the desired schema (JSON spec or .sql file) in the scratch database. */
  renderTimeoutMs: number;
}

export const defaultTimeBudget: Readonly<TimeBudget> = Object.freeze({
  connectTimeoutMs: 15_000,
  catalogTimeoutMs: 120_000,
  renderTimeoutMs: 120_000,
});

/** Where each limit is set: the CLI flag and the stack config key carry the same name. */
export const timeBudgetSettings: Readonly<Record<keyof TimeBudget, { flag: string; config: string }>> = {
  connectTimeoutMs: { flag: "--connect-timeout", config: "schemastack:connectTimeoutMs" },
  catalogTimeoutMs: { flag: "--catalog-timeout", config: "schemastack:catalogTimeoutMs" },
  renderTimeoutMs: { flag: "--render-timeout", config: "schemastack:renderTimeoutMs" },
};

let current: TimeBudget = { ...defaultTimeBudget };

/** The budget of this process: the defaults, unless a shell (CLI flags, provider config) set one. */
export function timeBudget(): Readonly<TimeBudget> {
  return current;
}

/**
 * Sets the process-wide budget. Called once by a shell at start-up (the CLI from its flags, a
 * provider from stack config); library functions also take a budget per call where it matters.
 */
export function configureTimeBudget(budget: Partial<TimeBudget>): void {
  for (const [key, value] of Object.entries(budget)) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value <= 0) {
      const where = timeBudgetSettings[key as keyof TimeBudget];
      throw new Error(
        `${where.flag} / ${where.config}: expected a whole number of milliseconds above 0, got ${String(value)}`,
      );
    }
  }
  current = { ...current, ...Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined)) };
}

/** Restores the defaults (tests). */
export function resetTimeBudget(): void {
  current = { ...defaultTimeBudget };
}

/** A server did not answer within one of the limits above. */
export class TimeBudgetExceededError extends Error {
  constructor(
    /** What ran out of time, e.g. `connecting to 127.0.0.1:5432`. */
    readonly what: string,
    readonly limit: keyof TimeBudget,
    readonly limitMs: number,
    override readonly cause?: unknown,
  ) {
    const where = timeBudgetSettings[limit];
    super(
      `${what} took longer than ${limitMs} ms and was stopped; ` +
        `raise the limit with ${where.flag} MS (CLI) or stack config ${where.config}`,
    );
    this.name = "TimeBudgetExceededError";
  }
}

/** statement_timeout cancelled a statement (SQLSTATE 57014 with Postgres's own message). */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "57014" && /statement timeout/.test(e.message ?? "");
}

/** `host:port` of a postgres URL, safe to print (no user, no password). */
export function serverOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}`;
  } catch {
    return "the server";
  }
}

/** Environment for libpq tools (pg_dump, pg_restore, psql): the same connect limit, in whole seconds. */
export function libpqTimeoutEnv(budget: Readonly<TimeBudget> = timeBudget()): Record<string, string> {
  return { PGCONNECT_TIMEOUT: String(Math.max(2, Math.ceil(budget.connectTimeoutMs / 1000))) };
}
