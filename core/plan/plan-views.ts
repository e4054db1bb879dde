// Views and materialized views. Runs after the other kinds' planners, because what they drop
// decides which views must be re-created around them:
//  - a plain view whose new query keeps the old output columns (same names and types, in order;
//    new ones only appended) and options is replaced in place: CREATE OR REPLACE VIEW;
//  - otherwise (columns removed, renamed or retyped, materialized views, a kind change) the view is
//    dropped and created again, and so is every managed view that depends on it, dependents first
//    for the drops and last for the creates. When nothing else of the plan sits between them, all
//    those drops and creates form one transaction group: readers never see the views missing;
//  - a view over a column or table another step drops or retypes is dropped before that step and
//    created again after it (the graph orders: drop view -> alter column -> create view).
// Views are managed when the desired model has a `views` list (a spec that mentions views, a
// program that declares one): then live views it does not declare are dropped. Without it, live
// views are left alone and a change under one is refused by the unmanaged-dependent check.
import type { IndexModel, SchemaModel } from "../model/model";
import { ViewModel, viewKey } from "../model/view";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, createIndexSql } from "./ddl";
import { hazard } from "./hazards";
import { indexKey, schemaKey } from "./keys";
import type { Hazard } from "./step";

/** The transaction group of views dropped and created again together. */
export const viewsRebuildGroup = "views-rebuild";

export interface ViewPlanContext {
  plan: PlanBuilder;
  /** The live model after the plan's renames and the scope. */
  live: SchemaModel;
  desired: SchemaModel;
  offline: boolean;
  /** Live keys (as the catalog names them) -> the names they have after the plan's renames. */
  rename: (key: string) => string;
}

const nameOf = (v: { schema: string; name: string }) => `${v.schema}.${v.name}`;
const kindOf = (v: ViewModel) => (v.materialized ? "materialized view" : "view");
const keysOf = (v: ViewModel) => [
  viewKey(v.schema, v.name),
  ...v.indexes.map((i) => indexKey(v.schema, v.name, i.name)),
];

/** Keys of every managed view and matview index: the planner's managed set (plan-changes.ts). */
export function viewManagedKeys(model: SchemaModel): string[] {
  return (model.views ?? []).flatMap(keysOf);
}

/** Live view key -> what it uses, for the graph's reverse-dependency order of drops. */
export function viewLiveDependencies(model: SchemaModel): Array<[string, string[]]> {
  return (model.views ?? []).map((v) => [viewKey(v.schema, v.name), v.dependsOn]);
}

/** `CREATE [OR REPLACE] [MATERIALIZED] VIEW s.v [WITH (...)] AS <query>`: nothing follows the query. */
export function createViewSql(v: ViewModel, orReplace = false): string {
  const options: string[] = [];
  if (v.options.securityBarrier) options.push("security_barrier = true");
  if (v.options.securityInvoker) options.push("security_invoker = true");
  if (v.options.checkOption !== null) options.push(`check_option = ${v.options.checkOption}`);
  const head = `CREATE ${orReplace ? "OR REPLACE " : ""}${v.materialized ? "MATERIALIZED " : ""}VIEW`;
  const withOptions = options.length ? ` WITH (${options.join(", ")})` : "";
  return `${head} ${quoteQualified(v.schema, v.name)}${withOptions} AS\n${v.definition}`;
}

const sameOptions = (a: ViewModel, b: ViewModel) => JSON.stringify(a.options) === JSON.stringify(b.options);

/** Can CREATE OR REPLACE VIEW turn `live` into `desired`? (same leading columns, only appended ones) */
export function replaceableInPlace(live: ViewModel, desired: ViewModel): boolean {
  if (live.materialized || desired.materialized) return false;
  // A declaration that was not rendered has no known columns: re-create to be safe.
  if (!desired.columns.length || desired.columns.length < live.columns.length) return false;
  return live.columns.every(
    (c, i) => desired.columns[i].name === c.name && desired.columns[i].type === c.type,
  );
}

function definitionChanged(live: ViewModel, desired: ViewModel): boolean {
  return live.definition !== desired.definition || !sameOptions(live, desired);
}

/** Views of `names` with dependents before what they depend on (`deps` gives the edges). */
function dependencyOrder(
  names: readonly string[],
  deps: (name: string) => readonly string[],
  dependentsFirst: boolean,
): string[] {
  const members = new Set(names);
  const out: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (n: string) => {
    if (state.has(n)) return; // done, or a cycle (only possible in guessed dependencies): break it
    state.set(n, "visiting");
    for (const d of deps(n)) if (members.has(d)) visit(d);
    state.set(n, "done");
    out.push(n);
  };
  for (const n of [...names].sort()) visit(n);
  return dependentsFirst ? out.reverse() : out;
}

const viewNameOfKey = (key: string) => (key.startsWith("view:") ? key.slice("view:".length) : null);

function sizeText(v: ViewModel): string {
  if (!v.size || v.size.rows === null) return "its last size is unknown (never analyzed)";
  const kb = v.size.bytes / 1024;
  const bytes = kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} kB`;
  return `it held about ${v.size.rows} rows (${bytes}) when last analyzed`;
}

function planCreateView(
  ctx: ViewPlanContext,
  d: ViewModel,
  rebuilt: ViewModel | null,
  group: string | undefined,
): void {
  const { plan } = ctx;
  const key = viewKey(d.schema, d.name);
  const hazards: Hazard[] = [];
  if (d.materialized)
    hazards.push(
      hazard.rewritesTable(
        rebuilt?.materialized
          ? `re-creating materialized view ${nameOf(d)} re-runs its query to fill it: ${sizeText(rebuilt)}`
          : `runs the query of materialized view ${nameOf(d)} to fill it`,
      ),
    );
  plan.add(Phase.createViews, {
    objectKey: key,
    description: `${rebuilt ? "re-create" : "create"} ${kindOf(d)} ${nameOf(d)}`,
    sql: createViewSql(d),
    lock: "none",
    group,
    hazards,
    creates: [key],
    needs: [schemaKey(d.schema), ...d.dependsOn.filter((k) => k !== key)],
  });
  for (const i of d.indexes) planCreateViewIndex(ctx, d, i, true, group);
  if (d.comment !== null) planViewComment(ctx, d, group);
}

function planViewComment(ctx: ViewPlanContext, d: ViewModel, group?: string): void {
  ctx.plan.add(Phase.comments, {
    objectKey: viewKey(d.schema, d.name),
    description: `set comment of ${kindOf(d)} ${nameOf(d)}`,
    sql: `COMMENT ON ${d.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quoteQualified(d.schema, d.name)} IS ${commentLiteral(d.comment)}`,
    lock: "none",
    group,
    needs: [viewKey(d.schema, d.name)],
  });
}

function planCreateViewIndex(
  ctx: ViewPlanContext,
  v: ViewModel,
  i: IndexModel,
  newView: boolean,
  group?: string,
): void {
  const concurrently = !newView && !ctx.offline;
  const hazards: Hazard[] = newView ? [] : [hazard.indexBuild()];
  if (!newView && i.unique) hazards.push(hazard.mayFailOnExistingData("fails if rows have duplicate keys"));
  ctx.plan.add(Phase.createViews + 1, {
    objectKey: indexKey(v.schema, v.name, i.name),
    description: `create index ${i.name} on materialized view ${nameOf(v)}${concurrently ? " concurrently" : ""}`,
    sql: createIndexSql(v.schema, v.name, i, concurrently),
    transactional: !concurrently,
    lock: concurrently ? "SHARE UPDATE EXCLUSIVE" : "SHARE",
    lockTarget: nameOf(v),
    group: concurrently ? undefined : group,
    hazards,
    ...(concurrently ? { onFailure: { dropInvalidIndex: { schema: v.schema, name: i.name } } } : {}),
    creates: [indexKey(v.schema, v.name, i.name)],
    needs: [viewKey(v.schema, v.name)],
  });
}

function planDropView(ctx: ViewPlanContext, l: ViewModel, rebuilt: boolean, group?: string): void {
  ctx.plan.add(Phase.dropViews, {
    objectKey: viewKey(l.schema, l.name),
    description: `drop ${kindOf(l)} ${nameOf(l)}${rebuilt ? " (created again below)" : ""}`,
    sql: `DROP ${l.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quoteQualified(l.schema, l.name)}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: nameOf(l),
    group,
    hazards: rebuilt
      ? []
      : [hazard.notReversible(`queries that use ${kindOf(l)} ${nameOf(l)} fail once it is gone`)],
    drops: keysOf(l),
  });
}

/** Index changes of a materialized view that stays. */
function planViewIndexChanges(ctx: ViewPlanContext, l: ViewModel, d: ViewModel): void {
  const same = (a: IndexModel, b: IndexModel) => JSON.stringify(a) === JSON.stringify(b);
  for (const i of l.indexes) {
    const kept = d.indexes.find((x) => x.name === i.name);
    if (kept && same(kept, i)) continue;
    const concurrently = !ctx.offline;
    ctx.plan.add(Phase.dropIndexes, {
      objectKey: indexKey(l.schema, l.name, i.name),
      description: `drop index ${i.name} of materialized view ${nameOf(l)}`,
      sql: `DROP INDEX ${concurrently ? "CONCURRENTLY " : ""}IF EXISTS ${quoteQualified(l.schema, i.name)}`,
      transactional: !concurrently,
      lock: concurrently ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE",
      lockTarget: nameOf(l),
      drops: [indexKey(l.schema, l.name, i.name)],
      needs: [viewKey(l.schema, l.name)],
    });
  }
  for (const i of d.indexes) {
    const old = l.indexes.find((x) => x.name === i.name);
    if (old && same(old, i)) continue;
    planCreateViewIndex(ctx, d, i, false);
  }
}

export function planViews(ctx: ViewPlanContext): void {
  const { plan, live, desired } = ctx;
  // Without a `views` list the desired model does not manage views: they are left alone.
  if (desired.views === undefined) return;
  const liveViews = new Map((live.views ?? []).map((v) => [nameOf(v), v]));
  const desiredViews = new Map(desired.views.map((v) => [nameOf(v), v]));
  const others = plan.all();
  const droppedByOthers = new Set(others.filter((s) => !s.rename).flatMap((s) => s.drops));
  const liveUses = (l: ViewModel) => l.dependsOn.map(ctx.rename);

  // Which live views go (for good, or to be created again), and why.
  const rebuild = new Set<string>();
  const dropForGood = new Set<string>();
  for (const [name, l] of liveViews) {
    const d = desiredViews.get(name);
    if (!d) dropForGood.add(name);
    else if (l.materialized !== d.materialized) rebuild.add(name);
    else if (definitionChanged(l, d) && !replaceableInPlace(l, d)) rebuild.add(name);
    else if (liveUses(l).some((k) => droppedByOthers.has(k))) rebuild.add(name);
  }
  // Views over a view that goes must go first, and come back if still declared.
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, l] of liveViews) {
      if (rebuild.has(name) || dropForGood.has(name)) continue;
      const usesGone = liveUses(l).some((k) => {
        const used = viewNameOfKey(k);
        return used !== null && (rebuild.has(used) || dropForGood.has(used));
      });
      if (!usesGone) continue;
      (desiredViews.has(name) ? rebuild : dropForGood).add(name);
      grew = true;
    }
  }

  // One transaction for the re-created views, unless a step of another kind must run between
  // their drops and creates (a column type change under one of them). A function dropped and
  // created again is no such step: the views join its transaction (plan-function-dependents.ts).
  const entangled = [...rebuild].some((n) =>
    liveUses(liveViews.get(n) as ViewModel).some((k) => droppedByOthers.has(k) && !k.startsWith("function:")),
  );
  const group = rebuild.size && !entangled ? viewsRebuildGroup : undefined;

  const liveViewDeps = (n: string) =>
    liveUses(liveViews.get(n) as ViewModel).flatMap((k) => viewNameOfKey(k) ?? []);
  for (const name of dependencyOrder([...rebuild, ...dropForGood], liveViewDeps, true)) {
    const l = liveViews.get(name) as ViewModel;
    planDropView(ctx, l, rebuild.has(name), rebuild.has(name) ? group : undefined);
  }

  const toCreate = [...desiredViews.keys()].filter((n) => !liveViews.has(n) || rebuild.has(n));
  const desiredViewDeps = (n: string) =>
    (desiredViews.get(n) as ViewModel).dependsOn.flatMap((k) => viewNameOfKey(k) ?? []);
  for (const name of dependencyOrder(toCreate, desiredViewDeps, false)) {
    const d = desiredViews.get(name) as ViewModel;
    const l = liveViews.get(name) ?? null;
    planCreateView(ctx, d, l, l ? group : undefined);
  }

  for (const [name, d] of desiredViews) {
    const l = liveViews.get(name);
    if (!l || rebuild.has(name)) continue;
    if (definitionChanged(l, d)) {
      const key = viewKey(d.schema, d.name);
      plan.add(Phase.createViews, {
        objectKey: key,
        description: `replace view ${name} (CREATE OR REPLACE: same leading columns${
          d.columns.length > l.columns.length
            ? `, adds ${d.columns
                .slice(l.columns.length)
                .map((c) => quoteIdent(c.name))
                .join(", ")}`
            : ""
        })`,
        sql: createViewSql(d, true),
        lock: "ACCESS EXCLUSIVE",
        lockTarget: name,
        creates: [key],
        needs: d.dependsOn.filter((k) => k !== key),
      });
    }
    if (d.materialized) planViewIndexChanges(ctx, l, d);
    if (l.comment !== d.comment) planViewComment(ctx, d);
  }
}
