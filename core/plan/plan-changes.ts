// planChanges: the pure planner. live + desired models in, ordered steps with hazards out.
import type { ForeignKeyConstraint, SchemaModel, TableModel } from "../model/model";
import { isIgnored, withinScope } from "../model/scope";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { CatalogDependency, liveDependencies, tableChildKeys, tablesByKey, typeKeys } from "./dependencies";
import { enumKey, extensionKey, indexKey, schemaKey, sequenceKey, constraintKey, tableKey } from "./keys";
import { planExtensions } from "./plan-extensions";
import { indexShape } from "./plan-indexes";
import { planDropSchemas } from "./plan-schemas";
import { planSequences } from "./plan-sequences";
import { planDropConstraint, sameConstraint } from "./plan-constraints";
import { planCompositeTypes } from "./plan-composite-types";
import { planDomains } from "./plan-domains";
import { planEnums } from "./plan-enums";
import { addFunctionNeeds, planFunctions } from "./plan-functions";
import { planTriggers } from "./plan-triggers";
import { functionLiveDependencies, planFunctionDependents } from "./plan-function-dependents";
import { functionKey } from "../model/function";
import { triggerKey } from "../model/trigger";
import { detachedPartitions } from "./plan-partitions";
import { cycles } from "./plan-graph";
import { planCreateTable, planDropTable, planTableChanges } from "./plan-tables";
import { planRenames } from "./renames";
import { alignAccess } from "../model/access";
import type { LiveAccess } from "../model/access";
import { checkRolesExist, planAccess } from "./plan-access";
import { checkAuthority } from "./authority";
import { policyKey } from "./plan-policy";
import { planViews, viewLiveDependencies, viewManagedKeys } from "./plan-views";
import { planMigrations, planMigrationUndos } from "./plan-migrations";
import type { LiveDataMoves } from "../model/migration";
import {
  DataLossRefusedError,
  Plan,
  PlanOptions,
  PlanStep,
  UnmanagedDependent,
  UnmanagedDependentError,
  isDestructive,
} from "./step";

/** What introspection returns; the planner needs only these parts of it. */
export interface LiveState {
  model: SchemaModel;
  notValidConstraints?: readonly string[];
  invalidIndexes?: ReadonlyArray<{ schema: string; table: string; name: string }>;
  /** Live dependencies from pg_depend / pg_rewrite (one introspection query). */
  dependencies?: readonly CatalogDependency[];
  /** Live access control (owners, grants, policies, roles); compared only where declared. */
  access?: LiveAccess;
  /** Interrupted backfills and migrations already run (core/introspect/data-moves.ts). */
  dataMoves?: LiveDataMoves;
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
      if (!same || JSON.stringify(indexShape(same)) !== JSON.stringify(indexShape(i))) {
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

/** Foreign keys between tables of `tables` (by "schema.name"), per table, for cycle detection. */
function foreignKeyGraph(tables: readonly TableModel[]): {
  nodes: string[];
  edges: Map<string, string[]>;
  fks: Map<string, Array<{ table: TableModel; fk: ForeignKeyConstraint; target: string }>>;
} {
  const nodes = tables.map((t) => `${t.schema}.${t.name}`);
  const present = new Set(nodes);
  const edges = new Map<string, string[]>();
  const fks = new Map<string, Array<{ table: TableModel; fk: ForeignKeyConstraint; target: string }>>();
  for (const t of tables) {
    const from = `${t.schema}.${t.name}`;
    for (const c of t.constraints) {
      if (c.kind !== "foreignKey") continue;
      const target = `${c.references.schema}.${c.references.table}`;
      if (target === from || !present.has(target)) continue;
      edges.set(from, [...(edges.get(from) ?? []), target]);
      fks.set(from, [...(fks.get(from) ?? []), { table: t, fk: c, target }]);
    }
  }
  return { nodes, edges, fks };
}

/** Foreign keys inside a cycle of `tables`, with a description of their cycle. */
function cycleForeignKeys(
  tables: readonly TableModel[],
): Array<{ table: TableModel; fk: ForeignKeyConstraint; cycle: string }> {
  const graph = foreignKeyGraph(tables);
  const out: Array<{ table: TableModel; fk: ForeignKeyConstraint; cycle: string }> = [];
  for (const component of cycles(graph.nodes, graph.edges)) {
    const members = new Set(component);
    const cycle = `foreign-key cycle ${[...component, component[0]].join(" -> ")}`;
    for (const t of component) {
      for (const e of graph.fks.get(t) ?? []) if (members.has(e.target)) out.push({ ...e, cycle });
    }
  }
  return out;
}

/** Rewrites live keys (as the catalog names them) to the names they have after the plan's renames. */
function renameKeys(steps: readonly PlanStep[]): (key: string) => string {
  const exact = new Map<string, string>();
  const prefixes: Array<[string, string]> = [];
  for (const s of steps) {
    if (!s.rename) continue;
    exact.set(s.rename.from, s.rename.to);
    if (s.rename.from.startsWith("table:")) {
      const from = s.rename.from.slice("table:".length);
      const to = s.rename.to.slice("table:".length);
      for (const kind of ["column:", "constraint:", "index:"])
        prefixes.push([`${kind}${from}.`, `${kind}${to}.`]);
    }
  }
  if (!exact.size) return (key) => key;
  return (key) => {
    for (const [from, to] of prefixes) if (key.startsWith(from)) key = to + key.slice(from.length);
    return exact.get(key) ?? key;
  };
}

/**
 * Keys of every object the (scoped, renamed) live model manages. A kind that becomes managed
 * (views, functions...) adds its keys here and its dependencies to liveDependencies; the catalog
 * already reports them under those keys.
 */
function managedKeys(model: SchemaModel, viewsManaged: boolean): Set<string> {
  const keys = new Set<string>(model.schemas.map(schemaKey));
  if (viewsManaged) for (const k of viewManagedKeys(model)) keys.add(k);
  for (const e of model.enums) keys.add(enumKey(e.schema, e.name));
  for (const t of [...(model.domains ?? []), ...(model.compositeTypes ?? [])])
    keys.add(`type:${t.schema}.${t.name}`);
  for (const q of model.sequences ?? []) keys.add(sequenceKey(q.schema, q.name));
  for (const x of model.extensions ?? []) keys.add(extensionKey(x.name));
  for (const t of model.tables) {
    keys.add(tableKey(t.schema, t.name));
    for (const k of tableChildKeys(t)) keys.add(k);
    for (const p of t.policies ?? []) keys.add(policyKey(t.schema, t.name, p.name));
  }
  for (const f of model.functions ?? []) keys.add(functionKey(f));
  for (const t of model.triggers ?? []) keys.add(triggerKey(t));
  return keys;
}

/**
 * Live objects that depend on something a step drops or changes (renames are followed) and that
 * the plan leaves as they are: unmanaged ones (hand-made, ignored by the scope), and managed ones
 * no step touches (a hand-made trigger a program keeps without declaring it, on a function it
 * stops declaring): Postgres would refuse the step midway.
 */
function findUnmanagedDependents(
  steps: readonly PlanStep[],
  dependencies: readonly CatalogDependency[],
  managed: ReadonlySet<string>,
  rename: (key: string) => string,
): UnmanagedDependent[] {
  const byReferenced = new Map<string, CatalogDependency[]>();
  for (const d of dependencies) {
    const key = rename(d.referenced);
    byReferenced.set(key, [...(byReferenced.get(key) ?? []), d]);
  }
  // Managed objects the plan drops, changes or creates: their own steps take care of them.
  const touched = new Set<string>();
  for (const s of steps) {
    touched.add(s.objectKey);
    for (const k of s.drops) touched.add(k);
  }
  const droppedTables = steps.flatMap((s) =>
    s.rename ? [] : s.drops.filter((k) => k.startsWith("table:")).map((k) => k.slice("table:".length)),
  );
  // Parts of a dropped table (its triggers, policies, rules) go with it: Postgres drops them too.
  const partOfDropped = (dependent: string, tables: readonly string[]) =>
    tables.some(
      (t) =>
        /^(trigger|policy|rule|constraint|column|index):/.test(dependent) &&
        dependent.slice(dependent.indexOf(":") + 1).startsWith(`${t}.`),
    );
  const out: UnmanagedDependent[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    if (step.rename) continue;
    const stepTables = step.drops.filter((k) => k.startsWith("table:")).map((k) => k.slice("table:".length));
    for (const key of step.drops) {
      // A type change rebuilds indexes and foreign keys from other tables (and fails by itself if
      // the types no longer match); views, rules, triggers and policies make Postgres refuse it.
      const retyped = step.creates.includes(key);
      for (const d of byReferenced.get(key) ?? []) {
        if (partOfDropped(d.dependent, stepTables) || (retyped && /^(constraint|index):/.test(d.dependent)))
          continue;
        const dependent = rename(d.dependent);
        if (managed.has(dependent) && (touched.has(dependent) || partOfDropped(dependent, droppedTables)))
          continue;
        const id = `${d.dependent}\u0000${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ dependent: d.dependent, label: d.label, dependsOn: key, step });
      }
    }
  }
  return out;
}

/** Every step from live to desired, in dependency order; no refusal (see planChanges). */
export function buildPlan(
  liveIn: SchemaModel | LiveState,
  desiredIn: SchemaModel,
  options: PlanOptions = {},
): Plan {
  const state: LiveState = isLiveState(liveIn) ? liveIn : { model: liveIn };
  const offline = options.offline ?? false;
  const scope = options.scope;
  // Ignored objects and unmanaged schemas vanish from both sides: never created, changed or dropped.
  const managedSchemas: readonly string[] = scope?.schemas ?? desiredIn.schemas;
  checkRolesExist(desiredIn, state.access);
  const live = withinScope(alignAccess(state.model, desiredIn, state.access), scope, managedSchemas);
  const desired = scope ? withinScope(desiredIn, scope, managedSchemas) : desiredIn;
  const notValid = new Set([...(state.notValidConstraints ?? []), ...(options.notValidConstraints ?? [])]);
  const invalidIndexes = [...(state.invalidIndexes ?? []), ...(options.invalidIndexes ?? [])];
  const plan = new PlanBuilder();

  for (const i of invalidIndexes) {
    if (!managedSchemas.includes(i.schema) || isIgnored(scope, "index", i.schema, i.name, i.table)) continue;
    // An index on a partitioned table (left invalid by a build stopped midway) cannot be dropped CONCURRENTLY.
    const partitioned = live.tables.some(
      (t) => t.schema === i.schema && t.name === i.table && t.partitionBy !== undefined,
    );
    plan.add(Phase.dropInvalidIndexes, {
      objectKey: indexKey(i.schema, i.table, i.name),
      description: `drop invalid index ${i.name} left by a failed concurrent build`,
      sql: `DROP INDEX ${partitioned ? "" : "CONCURRENTLY "}IF EXISTS ${quoteQualified(i.schema, i.name)}`,
      transactional: partitioned,
      lock: partitioned ? "ACCESS EXCLUSIVE" : "SHARE UPDATE EXCLUSIVE",
      lockTarget: `${i.schema}.${i.table}`,
      drops: [indexKey(i.schema, i.table, i.name)],
    });
  }
  for (const s of desired.schemas) {
    if (live.schemas.includes(s)) continue;
    plan.add(Phase.createSchemas, {
      objectKey: schemaKey(s),
      description: `create schema ${s}`,
      sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`,
      lock: "none",
      creates: [schemaKey(s)],
    });
  }

  const renamed = planRenames(live, desired, plan);
  planExtensions(renamed, desired, plan);
  planEnums(renamed, desired, plan);
  const typeKeyOf = typeKeys(renamed, desired);
  planDomains({ plan, typeKeyOf, notValid, offline }, renamed, desired);
  planCompositeTypes({ plan, typeKeyOf }, renamed, desired);
  planSequences(renamed, desired, plan, new Set(renamed.tables.map((t) => `${t.schema}.${t.name}`)));
  const liveTables = tablesByKey(renamed);
  const desiredTables = tablesByKey(desired);
  // A declared partition that is a plain table live (detached by hand) is attached back, not dropped.
  const reattach = detachedPartitions(renamed, desired);
  const dropped = renamed.tables.filter(
    (l) => !desiredTables.has(`${l.schema}.${l.name}`) && !reattach.has(`${l.schema}.${l.name}`),
  );
  const ctx = {
    plan,
    offline,
    notValid,
    forcedForeignKeys: foreignKeysToRebuild(renamed, desired),
    desiredTables,
    typeKeyOf,
    reattach,
    cycleForeignKeys: new Set<string>(),
    pendingBackfills: new Set(state.dataMoves?.backfillsInProgress ?? []),
    foreignKeyCycles: new Map(
      cycleForeignKeys(desired.tables).map((e) => [
        constraintKey(e.table.schema, e.table.name, e.fk.name),
        `${e.cycle}: added once every table of it exists`,
      ]),
    ),
  };
  // Tables dropped together whose foreign keys form a cycle: no table order works, so their
  // foreign keys are dropped first, as steps of their own (visible in the plan), then the tables.
  for (const e of cycleForeignKeys(dropped)) {
    const key = constraintKey(e.table.schema, e.table.name, e.fk.name);
    planDropConstraint({ ...ctx, table: e.table }, e.fk, `${e.cycle}: dropped before its tables`);
    ctx.cycleForeignKeys.add(key);
  }
  for (const d of desired.tables) {
    const l = liveTables.get(`${d.schema}.${d.name}`);
    if (l) planTableChanges(ctx, l, d);
    else planCreateTable(ctx, d);
  }
  for (const l of dropped) planDropTable(ctx, l);
  const functions = planFunctions(renamed, desired, plan, ctx.typeKeyOf);
  planTriggers(renamed, desired, plan, functions);
  planViews({ plan, live: renamed, desired, offline, rename: renameKeys(plan.all()) });
  planFunctionDependents({ plan, live: renamed, desired, offline, recreated: functions.recreatedFunctions });
  // After every object's own steps: grants on an object the plan recreates start from its default ACL.
  planAccess(renamed, desired, plan, scope);
  planMigrations(plan, desired, new Set(state.dataMoves?.appliedMigrations ?? []));
  planMigrationUndos(plan, options.undoMigrations ?? [], new Set(state.dataMoves?.appliedMigrations ?? []));
  planDropSchemas(renamed, desired, plan);
  addFunctionNeeds(plan.all(), desired);

  // Live dependencies only order and check drops: a plan without any skips building them.
  const all = plan.all();
  if (!all.some((s) => s.drops.length)) return { steps: plan.steps() };
  const rename = renameKeys(all);
  const managed = managedKeys(renamed, desired.views !== undefined);
  const catalog = state.dependencies ?? [];
  const unmanagedDependents = findUnmanagedDependents(all, catalog, managed, rename);
  const liveDeps = liveDependencies(renamed, [
    ...catalog
      .filter((d) => managed.has(rename(d.dependent)))
      .map((d) => ({ ...d, dependent: rename(d.dependent), referenced: rename(d.referenced) })),
    // What calls a function some step drops (a default, a check...): their drops come first.
    ...functionLiveDependencies(renamed, all).map(([dependent, referenced]) => ({
      dependent,
      label: dependent,
      referenced,
    })),
    // What managed views use beyond the catalog's list (functions): their drops come first.
    ...viewLiveDependencies(renamed).flatMap(([dependent, uses]) =>
      managed.has(dependent) ? uses.map((u) => ({ dependent, label: dependent, referenced: rename(u) })) : [],
    ),
  ]);
  const steps = plan.steps(liveDeps);
  return unmanagedDependents.length ? { steps, unmanagedDependents } : { steps };
}

/** Is `key` the object itself or, with includeChildren, one of its columns / constraints / indexes? */
export function belongsTo(stepKey: string, objectKey: string, includeChildren: boolean): boolean {
  if (stepKey === objectKey) return true;
  if (!includeChildren || !objectKey.startsWith("table:")) return false;
  const qualifiedName = objectKey.slice("table:".length);
  return ["column:", "constraint:", "index:"].some((kind) => stepKey.startsWith(`${kind}${qualifiedName}.`));
}

function refuseDataLoss(plan: Plan, options: PlanOptions): Plan {
  if (plan.unmanagedDependents?.length) throw new UnmanagedDependentError(plan.unmanagedDependents, plan);
  const destructive = plan.steps.filter(isDestructive);
  if (destructive.length && !options.allowDataLoss) throw new DataLossRefusedError(destructive, plan);
  return plan;
}

/**
 * The ordered steps from `live` to `desired`. Pure: no I/O. Throws UnmanagedDependentError when a
 * live object outside the scope depends on something a step drops or changes, DataLossRefusedError
 * (listing the steps) when a step deletes data and `allowDataLoss` is not set, UnsupportedChangeError
 * for changes Postgres cannot make in place.
 */
export function planChanges(
  live: SchemaModel | LiveState,
  desired: SchemaModel,
  options: PlanOptions = {},
): Plan {
  const plan = refuseDataLoss(buildPlan(live, desired, options), options);
  if (isLiveState(live)) checkAuthority(plan.steps, live.access);
  return plan;
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
  const blocked = (all.unmanagedDependents ?? []).filter((u) => steps.includes(u.step));
  return refuseDataLoss(blocked.length ? { steps, unmanagedDependents: blocked } : { steps }, options);
}
