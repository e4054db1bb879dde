// The provider runtime's only door into the core for changes: one plan for the whole database
// (live -> live with every declared table and enum as declared), refused as a whole when it would
// delete data without the opt-in, executed by core's executor under the migration lock. The
// migration resource runs it on the stack's database and the staging rehearsal on a branch of the
// parent, through this same function, so both run the same statements in the same order.
import type { Client } from "pg";
import {
  acquireMigrationLock,
  backfillProgressWriter,
  executePlan,
  NotConvergedError,
  releaseMigrationLock,
} from "../../core/apply";
import type { StepEvent } from "../../core/apply";
import { introspect, LiveSchema } from "../../core/introspect";
import type { SchemaModel } from "../../core/model/model";
import type { ManagedScope } from "../../core/model/scope";
import { mergeDeclared } from "../../core/model/objects";
import { isDestructive, planChanges } from "../../core/plan";
import { keepLiveProperties } from "../object-shape";
import type { Plan, PlanStep } from "../../core/plan";
import type { ExecutedStep, ManagedObjects } from "../provider-props";
export type { ExecutedStep, ManagedObjects };

export function managedObjects(model: SchemaModel): ManagedObjects {
  const types = [...(model.domains ?? []), ...(model.compositeTypes ?? [])].map(
    (t) => `${t.schema}.${t.name}`,
  );
  const sequences = (model.sequences ?? []).map((q) => `${q.schema}.${q.name}`);
  const extensions = (model.extensions ?? []).map((x) => x.name);
  return {
    tables: model.tables.map((t) => `${t.schema}.${t.name}`),
    enums: model.enums.map((e) => `${e.schema}.${e.name}`),
    ...(types.length ? { types } : {}),
    ...(sequences.length ? { sequences } : {}),
    ...(extensions.length ? { extensions } : {}),
    schemas: [...model.schemas],
    ...(model.views?.length ? { views: model.views.map((v) => `${v.schema}.${v.name}`) } : {}),
    ...(model.functions?.length ? { functions: model.functions.map((f) => `${f.schema}.${f.name}`) } : {}),
    ...(model.triggers?.length
      ? { triggers: model.triggers.map((t) => `${t.schema}.${t.table}.${t.name}`) }
      : {}),
  };
}

/** What shapes the plan besides the declaration. */
export interface PlanScope {
  /** Tables' `ignoreChanges` ("schema.table" -> property paths): those properties keep their live value. */
  ignoreChanges: Record<string, string[]>;
  /**
   * What the last applied declaration managed (null: nothing known, e.g. a first update): tables
   * and enums it had that this one no longer declares (nor renames) are dropped; anything else
   * undeclared in the database is left alone.
   */
  previouslyManaged: ManagedObjects | null;
  /**
   * The Database's managed scope (null: none): objects it ignores are never created, changed or
   * dropped, and a declared object that an unmanaged one depends on is refused (core/model/scope.ts).
   */
  managedScope: ManagedScope | null;
}

export interface MigrationOptions extends PlanScope {
  allowDataLoss: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** Where progress of long data moves goes (backfills): the update's log. */
  log?: (line: string) => void;
}

/** The whole plan from the live database to the declaration (undeclared tables left alone), unrefused. */
export function databasePlan(live: LiveSchema, desired: SchemaModel, scope: PlanScope): Plan {
  const kept = keepLiveProperties(live.model, desired, scope.ignoreChanges);
  const merged = mergeDeclared(live.model, kept);
  const previous = scope.previouslyManaged;
  if (previous) {
    const stillDeclared = new Set(
      [...desired.tables, ...desired.enums].flatMap((o) => [
        `${o.schema}.${o.name}`,
        ...(o.renamedFrom ? [`${o.schema}.${o.renamedFrom}`] : []),
      ]),
    );
    const dropped = (names: string[]) => new Set(names.filter((n) => !stillDeclared.has(n)));
    const tables = dropped(previous.tables);
    const enums = dropped(previous.enums);
    merged.tables = merged.tables.filter((t) => !tables.has(`${t.schema}.${t.name}`));
    merged.enums = merged.enums.filter((e) => !enums.has(`${e.schema}.${e.name}`));
    const functions = new Set(
      (previous.functions ?? []).filter(
        (n) => !desired.functions?.some((f) => `${f.schema}.${f.name}` === n),
      ),
    );
    if (merged.functions)
      merged.functions = merged.functions.filter((f) => !functions.has(`${f.schema}.${f.name}`));
    const triggers = new Set(
      (previous.triggers ?? []).filter(
        (n) => !desired.triggers?.some((t) => `${t.schema}.${t.table}.${t.name}` === n),
      ),
    );
    if (merged.triggers)
      merged.triggers = merged.triggers.filter((t) => !triggers.has(`${t.schema}.${t.table}.${t.name}`));
    // Domains and composite types the program declared last time and no longer does: dropped too.
    const declaredTypes = new Set(
      [...(desired.domains ?? []), ...(desired.compositeTypes ?? [])].map((t) => `${t.schema}.${t.name}`),
    );
    const types = new Set((previous.types ?? []).filter((n) => !declaredTypes.has(n)));
    if (merged.domains) merged.domains = merged.domains.filter((d) => !types.has(`${d.schema}.${d.name}`));
    if (merged.compositeTypes)
      merged.compositeTypes = merged.compositeTypes.filter((c) => !types.has(`${c.schema}.${c.name}`));
    const declaredSequences = new Set((desired.sequences ?? []).map((q) => `${q.schema}.${q.name}`));
    const sequences = new Set((previous.sequences ?? []).filter((n) => !declaredSequences.has(n)));
    if (merged.sequences)
      merged.sequences = merged.sequences.filter((q) => !sequences.has(`${q.schema}.${q.name}`));
    const extensions = new Set(
      (previous.extensions ?? []).filter((x) => !desired.extensions?.some((d) => d.name === x)),
    );
    if (merged.extensions) merged.extensions = merged.extensions.filter((x) => !extensions.has(x.name));
    // A schema declared last time and no more is dropped: the plan must see it as managed.
    const schemas = (previous.schemas ?? []).filter((s) => !desired.schemas.includes(s) && s !== "public");
    if (schemas.length) {
      merged.schemas = merged.schemas.filter((s) => !schemas.includes(s));
      merged.tables = merged.tables.filter((t) => !schemas.includes(t.schema));
      merged.enums = merged.enums.filter((e) => !schemas.includes(e.schema));
      if (merged.sequences) merged.sequences = merged.sequences.filter((q) => !schemas.includes(q.schema));
      if (merged.domains) merged.domains = merged.domains.filter((d) => !schemas.includes(d.schema));
      if (merged.compositeTypes)
        merged.compositeTypes = merged.compositeTypes.filter((c) => !schemas.includes(c.schema));
      const managed = scope.managedScope?.schemas ?? [...merged.schemas, ...schemas];
      return planChanges(live, merged, {
        allowDataLoss: true,
        scope: { ...(scope.managedScope ?? {}), schemas: [...new Set([...managed, ...schemas])] },
      });
    }
  }
  // Views are managed once the program declares one (or did): live views it never declared
  // stay as they are (re-created around a change under them), ones it stopped declaring go.
  const previousViews = new Set(previous?.views ?? []);
  if (kept.views !== undefined || previousViews.size) {
    const declaredViews = new Set((kept.views ?? []).map((v) => `${v.schema}.${v.name}`));
    merged.views = [
      ...(live.model.views ?? []).filter(
        (v) => !declaredViews.has(`${v.schema}.${v.name}`) && !previousViews.has(`${v.schema}.${v.name}`),
      ),
      ...structuredClone(kept.views ?? []),
    ];
  }
  return planChanges(live, merged, { allowDataLoss: true, scope: scope.managedScope ?? undefined });
}

const plans = new WeakMap<LiveSchema, Map<string, Plan>>();

/** databasePlan, computed once per snapshot and declaration (preview's diffs share it). */
export function cachedDatabasePlan(
  live: LiveSchema,
  encodedDesired: string,
  scope: PlanScope,
  desired: () => SchemaModel,
): Plan {
  let byDesired = plans.get(live);
  if (!byDesired) plans.set(live, (byDesired = new Map()));
  const key = `${encodedDesired}\u0000${JSON.stringify(scope)}`;
  let plan = byDesired.get(key);
  if (!plan) byDesired.set(key, (plan = databasePlan(live, desired(), scope)));
  return plan;
}

/** Backfills, USING conversions and one-off migrations of the plan (what preview names). */
export function dataMoveSteps(plan: Plan): PlanStep[] {
  return plan.steps.filter(
    (s) => s.backfill || s.using || (s.objectKey.startsWith("migration:") && s.creates.includes(s.objectKey)),
  );
}

export function destructiveSteps(plan: Plan): PlanStep[] {
  return plan.steps.filter(isDestructive);
}

/** One line per step that deletes data, naming the object: what preview warns and up refuses. */
export function describeDestructive(step: PlanStep): string {
  const why = step.hazards
    .filter((h) => h.kind === "deletesData")
    .map((h) => h.message)
    .join("; ");
  return `${step.description} [${step.objectKey}]: ${why}`;
}

export const optInHint =
  "set `allowDataLoss: true` on the Database (or `pulumi config set schemastack:allowDataLoss true`)";

/** The refusal of a plan that deletes data without the opt-in, or undefined when it may run. */
export function refusal(plan: Plan, allowDataLoss: boolean): string | undefined {
  const destructive = destructiveSteps(plan);
  if (allowDataLoss || destructive.length === 0) return undefined;
  return (
    `refusing ${destructive.length} step(s) that delete data without the data-loss opt-in; nothing was changed:\n` +
    destructive.map((s) => `  - ${describeDestructive(s)}`).join("\n") +
    `\nTo allow it, ${optInHint}, then run \`pulumi up\` again.`
  );
}

export interface MigrationResult {
  steps: ExecutedStep[];
  /** The catalog read back after the plan ran (the next snapshot). */
  after: LiveSchema;
}

/**
 * Lock, introspect, plan once, refuse or execute, read back and check convergence. Planned under
 * the lock: a concurrent run may have changed the schema while we waited for it.
 */
export async function migrate(
  client: Client,
  desired: SchemaModel,
  options: MigrationOptions,
): Promise<MigrationResult> {
  await acquireMigrationLock(client, 10 * 60_000);
  try {
    const before = await introspect(client);
    const plan = databasePlan(before, desired, options);
    const refused = refusal(plan, options.allowDataLoss);
    if (refused) throw new Error(refused);
    const steps = new Map<PlanStep, ExecutedStep>();
    const record = (step: PlanStep): ExecutedStep => {
      let executed = steps.get(step);
      if (!executed) {
        executed = {
          objectKey: step.objectKey,
          description: step.description,
          sql: step.sql,
          durationMs: 0,
          lockWaitMs: 0,
          lock: step.lock,
        };
        steps.set(step, executed);
      }
      return executed;
    };
    const progress = backfillProgressWriter((line) => options.log?.(line));
    const onEvent = (event: StepEvent) => {
      progress(event);
      if (event.type !== "done") return;
      const executed = record(event.step);
      executed.durationMs = event.ms;
      executed.lockWaitMs = event.lockWaitMs;
    };
    await executePlan(client, plan, {
      budget: { lockTimeoutMs: options.lockTimeoutMs, statementTimeoutMs: options.statementTimeoutMs },
      onEvent,
    });
    const after = plan.steps.length ? await introspect(client) : before;
    const remaining = databasePlan(after, desired, options).steps;
    if (remaining.length) throw new NotConvergedError(remaining);
    // In plan order (a retried group's steps were recorded when they finished).
    return { steps: plan.steps.map(record), after };
  } finally {
    await releaseMigrationLock(client).catch(() => undefined);
  }
}
