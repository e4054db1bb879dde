import type { PlanStep } from "../plan/step";

export interface BlockingSession {
  pid: number;
  state: string | null;
  query: string | null;
  applicationName: string | null;
}

/** A step could not get its lock within lock_timeout, after every retry. */
export class LockTimeoutError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly attempts: number,
    readonly blockers: BlockingSession[],
  ) {
    const who = blockers.length
      ? blockers
          .map(
            (b) => `pid ${b.pid} (${b.state ?? "?"}): ${(b.query ?? "").replace(/\s+/g, " ").slice(0, 200)}`,
          )
          .join("; ")
      : "no blocking session found any more";
    super(
      `step "${step.description}" could not take ${step.lock} on ${step.lockTarget ?? "its object"} after ${attempts} attempt(s); blocked by ${who}`,
    );
    this.name = "LockTimeoutError";
  }
}

/** Statements up to this size are shown whole in an error; longer ones as an excerpt. */
const wholeStatementChars = 400;
const wholeStatementLines = 6;
/** Characters of context either side of Postgres's error position. */
const excerptContext = 80;

/**
 * A statement as an error shows it: whole when short, else one line around Postgres's error
 * position (1-based character offset, given for syntax and many semantic errors) or its start,
 * with how much was left out. A 2000-column CREATE TABLE stays one line under the useful message.
 */
export function statementExcerpt(sql: string, position?: number): string {
  const lines = sql.split("\n").length;
  if (sql.length <= wholeStatementChars && lines <= wholeStatementLines) return sql;
  const flat = (text: string) => text.replace(/\s+/g, " ");
  const omitted = `[${sql.length} characters, ${lines} lines; the whole statement: --verbose]`;
  if (position !== undefined && position >= 1 && position <= sql.length + 1) {
    const at = position - 1;
    const from = Math.max(0, at - excerptContext);
    const to = Math.min(sql.length, at + excerptContext);
    const before = flat(sql.slice(from, at));
    const after = flat(sql.slice(at, to));
    const text = `${from > 0 ? "…" : ""}${before}${after}${to < sql.length ? "…" : ""}`;
    const marker = " ".repeat((from > 0 ? 1 : 0) + before.length) + "^";
    return `${text}\n  ${marker}\n  ${omitted}`;
  }
  return `${flat(sql.slice(0, 2 * excerptContext))}… ${omitted}`;
}

/** A step failed for another reason; earlier groups stay applied (DDL groups are atomic, plans are re-runnable). */
export class StepFailedError extends Error {
  /** The failing statement in full (the message carries an excerpt of long ones). */
  readonly statement: string;
  constructor(
    readonly step: PlanStep,
    override readonly cause: Error & { code?: string; position?: string },
  ) {
    const position = cause.position !== undefined ? Number(cause.position) : undefined;
    super(
      `step "${step.description}" failed: ${cause.message}${cause.code ? ` (SQLSTATE ${cause.code})` : ""}\n  ` +
        statementExcerpt(step.sql, position),
    );
    this.name = "StepFailedError";
    this.statement = step.sql;
  }
}

export class AdvisoryLockTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`another schemastack run holds the database's migration lock; gave up after ${waitedMs} ms`);
    this.name = "AdvisoryLockTimeoutError";
  }
}

/** After apply, the live schema still differs from the desired one. */
export class NotConvergedError extends Error {
  constructor(readonly remaining: PlanStep[]) {
    super(
      `apply finished but ${remaining.length} change(s) remain:\n` +
        remaining.map((s) => `  - ${s.description}`).join("\n"),
    );
    this.name = "NotConvergedError";
  }
}
