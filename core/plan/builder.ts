import { LiveDependencies, orderSteps } from "./plan-graph";
import type { Hazard, LockMode, PlanStep } from "./step";

/**
 * The order is a graph (plan-graph.ts: what each step creates, drops and needs). Phases are only its
 * tie-break: where the graph leaves two steps free, the lower phase goes first, then insertion
 * order, so plans stay deterministic and read in the familiar shape.
 */
export const Phase = {
  dropInvalidIndexes: 0,
  roles: 5,
  dropViews: 27,
  createSchemas: 10,
  createExtensions: 12,
  enumRenames: 20,
  createEnums: 22,
  addEnumValues: 25,
  dropForeignKeys: 30,
  dropPolicies: 33,
  dropTriggers: 33,
  dropConstraints: 35,
  dropIndexes: 40,
  renameTables: 50,
  renameColumns: 55,
  renameConstraints: 57,
  createSequences: 58,
  createTables: 60,
  addColumns: 65,
  alterColumns: 70,
  alterSequences: 71,
  backfills: 72,
  setNotNull: 75,
  addKeys: 80,
  addChecks: 82,
  createIndexes: 85,
  createFunctions: 86,
  createTriggers: 87,
  addForeignKeys: 88,
  validateConstraints: 89,
  /** Views and, at +1, the indexes of materialized views. */
  createViews: 90,
  /** One-off data migrations: after additions and views, before drops. */
  dataMigrations: 91.5,
  dropColumns: 92,
  dropTables: 94,
  dropFunctions: 95,
  dropSequences: 95,
  dropEnums: 96,
  dropExtensions: 97,
  comments: 98,
  // Access control (plan-access.ts): after the objects exist; owners last, once grants are set.
  rowLevelSecurity: 100,
  policies: 101,
  privileges: 102,
  defaultPrivileges: 103,
  owners: 104,
  dropSchemas: 99,
} as const;

export interface StepInput {
  objectKey: string;
  description: string;
  sql: string;
  transactional?: boolean;
  lock: LockMode;
  lockTarget?: string | null;
  hazards?: Hazard[];
  /** Steps that must commit together share a group; default: a group of their own. */
  group?: string;
  onFailure?: PlanStep["onFailure"];
  creates?: string[];
  drops?: string[];
  needs?: string[];
  rename?: PlanStep["rename"];
  backfill?: PlanStep["backfill"];
  using?: PlanStep["using"];
  authority?: PlanStep["authority"];
}

export class PlanBuilder {
  private readonly entries: Array<{ phase: number; seq: number; step: PlanStep }> = [];
  private seq = 0;

  add(phase: number, input: StepInput): void {
    const seq = this.seq++;
    this.entries.push({
      phase,
      seq,
      step: {
        objectKey: input.objectKey,
        description: input.description,
        sql: input.sql,
        transactional: input.transactional ?? true,
        group: input.group ?? `step-${seq}`,
        lock: input.lock,
        lockTarget: input.lockTarget ?? null,
        hazards: input.hazards ?? [],
        ...(input.onFailure ? { onFailure: input.onFailure } : {}),
        creates: input.creates ?? [],
        drops: input.drops ?? [],
        // A step that declares nothing changes its object in place: it needs that object.
        needs: input.needs ?? (input.creates || input.drops ? [] : [input.objectKey]),
        ...(input.rename ? { rename: input.rename } : {}),
        ...(input.backfill ? { backfill: input.backfill } : {}),
        ...(input.using ? { using: input.using } : {}),
        ...(input.authority ? { authority: input.authority } : {}),
      },
    });
  }

  /** The steps in dependency order; `live` says what live objects depend on (for drops). */
  steps(live?: LiveDependencies): PlanStep[] {
    return orderSteps(
      this.entries.map((e) => ({ step: e.step, rank: e.phase, seq: e.seq })),
      live,
    );
  }

  /** Takes steps out again (a later planner that takes over an object's steps replaces them). */
  remove(steps: ReadonlySet<PlanStep>): void {
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (steps.has(this.entries[i].step)) this.entries.splice(i, 1);
  }

  /** Every step added so far, unordered (for checks that look at the whole plan). */
  all(): PlanStep[] {
    return this.entries.map((e) => e.step);
  }
}
