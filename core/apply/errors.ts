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

/** A step failed for another reason; earlier groups stay applied (DDL groups are atomic, plans are re-runnable). */
export class StepFailedError extends Error {
  constructor(
    readonly step: PlanStep,
    override readonly cause: Error & { code?: string },
  ) {
    super(
      `step "${step.description}" failed: ${cause.message}${cause.code ? ` (SQLSTATE ${cause.code})` : ""}\n  ${step.sql}`,
    );
    this.name = "StepFailedError";
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
