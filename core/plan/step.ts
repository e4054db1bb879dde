import type { ManagedScope } from "../model/scope";
import type { BackfillStep, UsingCheck } from "./plan-backfill";
import type { MigrationModel } from "../model/migration";

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

/**
 * What the role running a plan must hold for an access-control step, beyond what Postgres checks
 * anyway for DDL: checked against the catalog before any change (core/plan/authority.ts), because
 * Postgres answers some of these with a warning and no change (GRANT without the grant option).
 */
export type Authority =
  /** CREATE ROLE, ALTER ROLE ... LOGIN. */
  | { kind: "createRole" }
  /** GRANT / REVOKE membership in a role: CREATEROLE or the role's ADMIN OPTION. */
  | { kind: "roleAdmin"; role: string }
  /** Owning the object (being a member of its owner), or holding a grant option on it for GRANT/REVOKE. */
  | { kind: "owner"; object: string; label: string; grantOption?: true }
  /** Being a member of the role (ALTER ... OWNER TO it, ALTER DEFAULT PRIVILEGES FOR ROLE it). */
  | { kind: "member"; role: string; why: string };

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
  /**
   * Object keys that exist in their desired form once the step ran (created, or altered so that
   * what depends on them must wait: a new column type, a renamed table, an added enum value).
   */
  creates: string[];
  /** Object keys whose live form is gone once the step ran (dropped, replaced or renamed away). */
  drops: string[];
  /** Object keys that must exist (in their desired form) when the step runs. */
  needs: string[];
  /** Set on renames: `drops` holds the old key, `creates` the new one; dependents follow a rename. */
  rename?: { from: string; to: string };
  /** Set on backfills: the executor runs them batch by batch (core/apply/backfill.ts), not as `sql`. */
  backfill?: BackfillStep;
  /** Set on USING type changes: the executor tries the conversion on every row first, changing nothing. */
  using?: UsingCheck;
  /** Set on access-control steps: what the running role must hold (absent: nothing beyond DDL). */
  authority?: Authority[];
}

/**
 * A live object the plan leaves as it is (outside the managed scope, or kept without a declaration)
 * that a step would break (Postgres refuses, or worse).
 */
export interface UnmanagedDependent {
  /** Key of the dependent, e.g. `view:public.active_users`. */
  dependent: string;
  /** The dependent for people, e.g. "view public.active_users". */
  label: string;
  /** Key of the managed object it depends on, e.g. `column:public.users.email`. */
  dependsOn: string;
  /** The step that drops or changes `dependsOn`. */
  step: PlanStep;
}

export interface Plan {
  steps: PlanStep[];
  /** Unmanaged live objects the steps would break; planChanges refuses a plan that has any. */
  unmanagedDependents?: UnmanagedDependent[];
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
  /** What the database manages: ignored objects and other schemas are never created, changed or dropped. */
  scope?: ManagedScope;
  /** Rollback only: one-off migrations to undo with their `down` where the database ran them. */
  undoMigrations?: readonly MigrationModel[];
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

/** What a step does to the object a dependent uses, for messages. */
export function describeUnmanagedDependent(u: UnmanagedDependent): string {
  const what = u.dependsOn.replace(/^(\w+):/, "$1 ");
  const action = u.step.creates.includes(u.dependsOn) ? "changes" : "drops";
  return (
    `${u.label} depends on ${what}, which step "${u.step.description}" ${action}: ` +
    `drop ${u.label} before applying and create it again afterwards, or leave ${what} as it is`
  );
}

/**
 * Refusal before anything runs: live objects the plan does not manage (a hand-made view, a trigger,
 * a function, an ignored table) depend on something the plan drops or changes the type of.
 */
export class UnmanagedDependentError extends Error {
  constructor(
    readonly dependents: UnmanagedDependent[],
    readonly plan: Plan,
  ) {
    super(
      `refusing the plan: ${dependents.length} live object(s) the plan leaves as they are (outside the managed scope or not declared) depend on what it changes; nothing was changed:\n` +
        dependents.map((u) => `  - ${describeUnmanagedDependent(u)}`).join("\n"),
    );
    this.name = "UnmanagedDependentError";
  }
}

export function isDestructive(step: PlanStep): boolean {
  return step.hazards.some((h) => h.kind === "deletesData");
}
