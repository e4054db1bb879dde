// The plan as data (like stripe/pg-schema-diff): every step says what it runs, how, under which lock,
// and what can go wrong, so callers can print, filter, refuse or execute it.

export type HazardKind =
  | "deletesData"
  | "rewritesTable"
  | "blocksReads"
  | "blocksWrites"
  | "indexBuild"
  | "mayFailOnExistingData"
  | "notReversible";

export interface Hazard {
  kind: HazardKind;
  message: string;
}

/** Postgres table lock modes a step takes (the strongest one), or "none" for steps that lock no table. */
export type LockMode =
  | "none"
  | "ACCESS SHARE"
  | "ROW EXCLUSIVE"
  | "SHARE UPDATE EXCLUSIVE"
  | "SHARE"
  | "SHARE ROW EXCLUSIVE"
  | "ACCESS EXCLUSIVE";

export interface PlanStep {
  /** The object the step changes: `table:public.users`, `column:public.users.email`, `index:public.users_email_idx`... */
  objectKey: string;
  /** One line for people, e.g. "add column email to public.users". */
  description: string;
  sql: string;
  /** false for statements Postgres refuses inside a transaction block (CONCURRENTLY, ALTER TYPE ... ADD VALUE). */
  transactional: boolean;
  /** Steps sharing a group run in one transaction (consecutive, all transactional). */
  group: string;
  lock: LockMode;
  /** The relation the lock is taken on, if any. */
  lockTarget: string | null;
  hazards: Hazard[];
  /** Cleanup the executor runs when the step fails (a failed CREATE INDEX CONCURRENTLY leaves an INVALID index). */
  onFailure?: { dropInvalidIndex: { schema: string; name: string } };
}

export interface Plan {
  steps: PlanStep[];
}

export interface PlanOptions {
  /** Permit steps with a deletesData hazard; without it planChanges throws DataLossRefusedError. */
  allowDataLoss?: boolean;
  /** Use blocking but simpler forms (plain CREATE INDEX, constraints validated at once): for empty databases. */
  offline?: boolean;
  /** Keys of live constraints added NOT VALID and never validated (from introspection). */
  notValidConstraints?: readonly string[];
  /** Live INVALID indexes (failed concurrent builds) to drop before anything else. */
  invalidIndexes?: ReadonlyArray<{ schema: string; table: string; name: string }>;
}

export class DataLossRefusedError extends Error {
  constructor(
    readonly destructiveSteps: PlanStep[],
    readonly plan: Plan,
  ) {
    super(
      `refusing ${destructiveSteps.length} destructive step(s) without allowDataLoss:\n` +
        destructiveSteps
          .map(
            (s) =>
              `  - ${s.description}: ${s.hazards
                .filter((h) => h.kind === "deletesData")
                .map((h) => h.message)
                .join("; ")}`,
          )
          .join("\n"),
    );
    this.name = "DataLossRefusedError";
  }
}

/** A change Postgres cannot make in place and the planner will not guess at (e.g. removing an enum value). */
export class UnsupportedChangeError extends Error {
  constructor(
    readonly objectKey: string,
    message: string,
  ) {
    super(`${objectKey}: ${message}`);
    this.name = "UnsupportedChangeError";
  }
}

export function isDestructive(step: PlanStep): boolean {
  return step.hazards.some((h) => h.kind === "deletesData");
}
