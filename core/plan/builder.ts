import type { Hazard, LockMode, PlanStep } from "./step";

/**
 * Phases give the dependency order of a plan: creates before the things that use them, drops of
 * dependents before what they depend on. Within a phase, steps keep the order they were added in.
 */
export const Phase = {
  dropInvalidIndexes: 0,
  createSchemas: 10,
  enumRenames: 20,
  createEnums: 22,
  addEnumValues: 25,
  // Renames come before drops: every later step, drops included, names tables and columns as
  // renamed (a constraint dropped from a renamed table failed with "relation does not exist").
  renameTables: 27,
  renameColumns: 28,
  dropForeignKeys: 30,
  dropConstraints: 35,
  dropIndexes: 40,
  renameConstraints: 57,
  createTables: 60,
  addColumns: 65,
  alterColumns: 70,
  setNotNull: 75,
  addKeys: 80,
  addChecks: 82,
  createIndexes: 85,
  addForeignKeys: 88,
  validateConstraints: 89,
  dropColumns: 92,
  dropTables: 94,
  dropEnums: 96,
  comments: 98,
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
      },
    });
  }

  steps(): PlanStep[] {
    return [...this.entries].sort((a, b) => a.phase - b.phase || a.seq - b.seq).map((e) => e.step);
  }
}
