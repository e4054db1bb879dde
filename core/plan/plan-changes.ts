// planChanges: the pure planner. live + desired models in, ordered steps with hazards out.
import type { SchemaModel, TableModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { indexKey, schemaKey, constraintKey } from "./keys";
import { planDropConstraint, sameConstraint } from "./plan-constraints";
import { planEnums } from "./plan-enums";
import { planCreateTable, planDropTable, planTableChanges } from "./plan-tables";
import { planRenames } from "./renames";
import { DataLossRefusedError, Plan, PlanOptions, PlanStep, isDestructive } from "./step";

/** What introspection returns; the planner needs only these parts of it. */
export interface LiveState {
  model: SchemaModel;
  notValidConstraints?: readonly string[];
  invalidIndexes?: ReadonlyArray<{ schema: string; table: string; name: string }>;
}

/** Tables by "schema.name": lookups stay O(1) so planning is linear in the number of tables. */
function tablesByKey(model: SchemaModel): Map<string, TableModel> {
  return new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));
}

const isLiveState = (x: SchemaModel | LiveState): x is LiveState => "model" in x;
const sortedKey = (schema: string, table: string, columns: readonly string[]) =>
  `${schema}.${table}(${[...columns].sort().join(",")})`;

/** Unique keys (constraints and unique indexes) of live tables that this plan drops or rebuilds. */
function droppedUniqueKeys(live: SchemaModel, desired: SchemaModel): Set<string> {
  const dropped = new Set<string>();
  const desiredTables = tablesByKey(desired);
  for (const l of live.tables) {
    const d = desiredTables.get(`${l.schema}.${l.name}`);
    for (const c of l.constraints) {
      if (c.kind !== "primaryKey" && c.kind !== "unique") continue;
      const same = d?.constraints.find((x) => x.name === c.name);
      if (!same || !sameConstraint(same, c)) dropped.add(sortedKey(l.schema, l.name, c.columns));
    }
    for (const i of l.indexes) {
      if (!i.unique || i.keys.some((k) => k.column === null)) continue;
      const same = d?.indexes.find((x) => x.name === i.name);
      if (!same || JSON.stringify(same) !== JSON.stringify(i)) {
        dropped.add(
          sortedKey(
            l.schema,
            l.name,
            i.keys.map((k) => k.column as string),
          ),
        );
      }
    }
  }
  return dropped;
}

/** Live foreign keys that stay but whose referenced key is rebuilt: drop them first, add them again after. */
function foreignKeysToRebuild(live: SchemaModel, desired: SchemaModel): Set<string> {
  const dropped = droppedUniqueKeys(live, desired);
  const forced = new Set<string>();
  for (const t of live.tables) {
    for (const c of t.constraints) {
      if (
        c.kind === "foreignKey" &&
        dropped.has(sortedKey(c.references.schema, c.references.table, c.references.columns))
      ) {
        forced.add(constraintKey(t.schema, t.name, c.name));
      }
    }
  }
  return forced;
}

function restrictToSchemas(model: SchemaModel, schemas: readonly string[]): SchemaModel {
  return {
    ...model,
    schemas: model.schemas.filter((s) => schemas.includes(s)),
    enums: model.enums.filter((e) => schemas.includes(e.schema)),
    tables: model.tables.filter((t) => schemas.includes(t.schema)),
  };
}

/** Every step from live to desired, in dependency order; no refusal (see planChanges). */
export function buildPlan(
  liveIn: SchemaModel | LiveState,
  desired: SchemaModel,
  options: PlanOptions = {},
): Plan {
  const state: LiveState = isLiveState(liveIn) ? liveIn : { model: liveIn };
  const offline = options.offline ?? false;
  const live = restrictToSchemas(state.model, desired.schemas);
  const notValid = new Set([...(state.notValidConstraints ?? []), ...(options.notValidConstraints ?? [])]);
  const invalidIndexes = [...(state.invalidIndexes ?? []), ...(options.invalidIndexes ?? [])];
  const plan = new PlanBuilder();

  for (const i of invalidIndexes) {
    if (!desired.schemas.includes(i.schema)) continue;
    plan.add(Phase.dropInvalidIndexes, {
      objectKey: indexKey(i.schema, i.table, i.name),
      description: `drop invalid index ${i.name} left by a failed concurrent build`,
      sql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(i.schema, i.name)}`,
      transactional: false,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget: `${i.schema}.${i.table}`,
    });
  }
  for (const s of desired.schemas) {
    if (live.schemas.includes(s)) continue;
    plan.add(Phase.createSchemas, {
      objectKey: schemaKey(s),
      description: `create schema ${s}`,
      sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`,
      lock: "none",
    });
  }

  const renamed = planRenames(live, desired, plan);
  planEnums(renamed, desired, plan);
  const ctx = { plan, offline, notValid, forcedForeignKeys: foreignKeysToRebuild(renamed, desired) };
  const liveTables = tablesByKey(renamed);
  const desiredTables = tablesByKey(desired);
  for (const d of desired.tables) {
    const l = liveTables.get(`${d.schema}.${d.name}`);
    if (l) planTableChanges(ctx, l, d);
    else planCreateTable(ctx, d);
  }
  const dropped = renamed.tables.filter((l) => !desiredTables.has(`${l.schema}.${l.name}`));
  const droppedKeys = new Set(dropped.map((l) => `${l.schema}.${l.name}`));
  for (const l of dropped) {
    // A foreign key between two dropped tables goes first, so the drops work in any order (and
    // through FK cycles): found by the fuzzer, seed 1058 (DROP TABLE of the referenced one failed).
    for (const c of l.constraints) {
      const target = c.kind === "foreignKey" ? `${c.references.schema}.${c.references.table}` : "";
      if (droppedKeys.has(target) && target !== `${l.schema}.${l.name}`)
        planDropConstraint({ ...ctx, table: l }, c);
    }
    planDropTable(ctx, l);
  }
  return { steps: plan.steps() };
}

/** Is `key` the object itself or, with includeChildren, one of its columns / constraints / indexes? */
export function belongsTo(stepKey: string, objectKey: string, includeChildren: boolean): boolean {
  if (stepKey === objectKey) return true;
  if (!includeChildren || !objectKey.startsWith("table:")) return false;
  const qualifiedName = objectKey.slice("table:".length);
  return ["column:", "constraint:", "index:"].some((kind) => stepKey.startsWith(`${kind}${qualifiedName}.`));
}

function refuseDataLoss(plan: Plan, options: PlanOptions): Plan {
  const destructive = plan.steps.filter(isDestructive);
  if (destructive.length && !options.allowDataLoss) throw new DataLossRefusedError(destructive, plan);
  return plan;
}

/**
 * The ordered steps from `live` to `desired`. Pure: no I/O. Throws DataLossRefusedError (listing the
 * steps) when a step deletes data and `allowDataLoss` is not set, UnsupportedChangeError for changes
 * Postgres cannot make in place.
 */
export function planChanges(
  live: SchemaModel | LiveState,
  desired: SchemaModel,
  options: PlanOptions = {},
): Plan {
  return refuseDataLoss(buildPlan(live, desired, options), options);
}

export interface ObjectPlanOptions extends PlanOptions {
  /** For a `table:` key, also take the steps of its columns, constraints and indexes. */
  includeChildren?: boolean;
}

/** The steps of one object (for a Pulumi resource that owns just that object). */
export function planObjectChanges(
  live: SchemaModel | LiveState,
  desired: SchemaModel,
  objectKey: string,
  options: ObjectPlanOptions = {},
): Plan {
  const all = buildPlan(live, desired, options);
  const steps: PlanStep[] = all.steps.filter((s) =>
    belongsTo(s.objectKey, objectKey, options.includeChildren ?? false),
  );
  return refuseDataLoss({ steps }, options);
}
