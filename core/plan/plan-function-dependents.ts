// Dependents of functions dropped and created again (a new result type, renamed arguments, a
// removed argument default: CREATE OR REPLACE cannot do those). Postgres refuses DROP FUNCTION while
// a column default, a check or exclusion constraint, an index, a policy or a domain uses the
// function, so every managed dependent that stays is taken off before the drop and put back after
// the create, in the function's own transaction (nobody sees a table without its default or check):
//  - a column default: ALTER COLUMN DROP DEFAULT, then SET DEFAULT (the desired one);
//  - a check: dropped, then added NOT VALID in the transaction (rows written from the commit on are
//    checked) and validated as a step of its own, which fails if the new function rejects stored
//    rows; offline plans add it validated inside the transaction;
//  - an exclusion constraint or an index: dropped and built again inside the transaction (a plain
//    build: writes wait, said as hazards);
//  - a policy, a domain's check or default: dropped and created again;
//  - the managed triggers and views re-created for the function (plan-triggers.ts, plan-views.ts)
//    join the transaction.
// A dependent whose own change the plan already makes (a changed default or check) is taken over:
// its steps are replaced by the ones above with its desired form. A dependent that goes away (its
// column or table dropped) is dropped first through the live dependencies below. A generated
// column cannot change its expression in place (before Postgres 17): refused, naming it.
// Unmanaged dependents (hand-made, ignored by the scope) stop the plan in plan-changes.ts.
// Managed dependents are found in the live model by calls of the function's name (the pure planner
// that writes golden plans has no catalog): an overload of the same name is taken around too.
import type { DomainModel } from "../model/domain";
import { FunctionModel, functionKey, identityArguments } from "../model/function";
import type { ColumnModel, ConstraintModel, IndexModel, SchemaModel, TableModel } from "../model/model";
import type { PolicyModel } from "../model/policy";
import { TriggerModel, triggerKey } from "../model/trigger";
import { viewKey } from "../model/view";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { constraintBody, constraintDefinition, createIndexSql } from "./ddl";
import { constraintKeys } from "./dependencies";
import { blocksEverything, hazard } from "./hazards";
import { columnKey, constraintKey, indexKey } from "./keys";
import { domainKey, planValidateCheck } from "./plan-domains";
import { RecreatedFunction, mentions } from "./plan-functions";
import { createPolicySql, policyKey } from "./plan-policy";
import { viewsRebuildGroup } from "./plan-views";
import { PlanStep, UnsupportedChangeError } from "./step";

type LiveDependent =
  | { kind: "column"; table: TableModel; column: ColumnModel }
  | { kind: "constraint"; table: TableModel; constraint: ConstraintModel }
  | { kind: "index"; table: TableModel; index: IndexModel }
  | { kind: "policy"; table: TableModel; policy: PolicyModel }
  | { kind: "domain"; domain: DomainModel };

/** The dependent's object key, as the catalog's dependency query names it. */
function keyOf(d: LiveDependent): string {
  switch (d.kind) {
    case "column":
      return columnKey(d.table.schema, d.table.name, d.column.name);
    case "constraint":
      return constraintKey(d.table.schema, d.table.name, d.constraint.name);
    case "index":
      return indexKey(d.table.schema, d.table.name, d.index.name);
    case "policy":
      return policyKey(d.table.schema, d.table.name, d.policy.name);
    case "domain":
      return domainKey(d.domain.schema, d.domain.name);
  }
}

/** Objects of `model` whose expressions call one of `functions` (by name). */
function dependentsOf(
  model: SchemaModel,
  functions: readonly FunctionModel[],
): Array<[LiveDependent, string]> {
  const out: Array<[LiveDependent, string]> = [];
  if (!functions.length) return out;
  // A plain substring test first: most expressions call none of them.
  const names = functions.map((f) => ({ f, lower: f.name.toLowerCase() }));
  const calls = (text: string | null) => {
    if (text === null) return [];
    const lower = text.toLowerCase();
    return names
      .filter((n) => lower.includes(n.lower) && mentions(text, n.f.name, true))
      .map((n) => functionKey(n.f));
  };
  const add = (d: LiveDependent, keys: string[]) => {
    for (const k of keys) out.push([d, k]);
  };
  for (const table of model.tables) {
    for (const column of table.columns)
      add({ kind: "column", table, column }, calls(column.generated ?? column.default));
    for (const constraint of table.constraints) {
      if (constraint.kind === "check" || constraint.kind === "exclusion")
        add({ kind: "constraint", table, constraint }, calls(constraintDefinition(constraint)));
    }
    for (const index of table.indexes)
      add({ kind: "index", table, index }, calls(createIndexSql(table.schema, table.name, index, false)));
    for (const policy of table.policies ?? [])
      add({ kind: "policy", table, policy }, calls(`${policy.using ?? ""} ${policy.withCheck ?? ""}`));
  }
  for (const domain of model.domains ?? [])
    add(
      { kind: "domain", domain },
      calls([domain.default ?? "", ...domain.checks.map((c) => c.expression)].join(" ")),
    );
  return out;
}

/**
 * Live dependencies on the functions some step drops, found in the live model (dependent key ->
 * function key): a column or table dropped by the plan goes before the function it calls.
 */
export function functionLiveDependencies(
  live: SchemaModel,
  steps: readonly PlanStep[],
): Array<[string, string]> {
  const dropped = new Set(steps.flatMap((s) => s.drops.filter((k) => k.startsWith("function:"))));
  if (!dropped.size) return [];
  const functions = (live.functions ?? []).filter((f) => dropped.has(functionKey(f)));
  return dependentsOf(live, functions).map(([d, f]) => [keyOf(d), f]);
}

export interface FunctionDependentsContext {
  plan: PlanBuilder;
  /** The live model after the plan's renames and the scope. */
  live: SchemaModel;
  desired: SchemaModel;
  offline: boolean;
  recreated: readonly RecreatedFunction[];
}

/** Steps of the plan that match, and whether all of them stand alone (no shared transaction). */
function stepsOf(plan: PlanBuilder, match: (s: PlanStep) => boolean): { steps: PlanStep[]; alone: boolean } {
  const all = plan.all();
  const groupSizes = new Map<string, number>();
  for (const s of all) groupSizes.set(s.group, (groupSizes.get(s.group) ?? 0) + 1);
  const steps = all.filter(match);
  return { steps, alone: steps.every((s) => groupSizes.get(s.group) === 1) };
}

const isComment = (s: PlanStep) => s.sql.startsWith("COMMENT ");

export function planFunctionDependents(ctx: FunctionDependentsContext): void {
  if (!ctx.recreated.length) return;
  const { plan } = ctx;
  // Groups merged because a dependent calls two re-created functions: one transaction for all.
  const mergedInto = new Map<string, string>();
  const resolve = (g: string): string => {
    while (mergedInto.has(g)) g = mergedInto.get(g) as string;
    return g;
  };
  const merge = (from: string, into: string) => {
    if (from === into) return;
    for (const s of plan.all()) if (s.group === from) s.group = into;
    mergedInto.set(from, into);
  };
  const taken = new Map<string, string>();
  for (const r of ctx.recreated) {
    for (const [dependent] of dependentsOf(ctx.live, [r.live])) {
      const key = keyOf(dependent);
      const claimed = taken.get(key);
      if (claimed !== undefined) {
        merge(resolve(r.group), resolve(claimed));
        continue;
      }
      taken.set(key, r.group);
      takeAround(ctx, dependent, resolve(r.group), r);
    }
    joinTriggersAndViews(ctx, r, resolve(r.group), merge, resolve);
  }
}

const routineLabel = (f: FunctionModel) => `${f.kind} ${f.schema}.${f.name}(${identityArguments(f)})`;

function takeAround(
  ctx: FunctionDependentsContext,
  d: LiveDependent,
  group: string,
  r: RecreatedFunction,
): void {
  const calls = `it calls ${routineLabel(r.live)}, created again`;
  if (d.kind === "domain") return takeDomainAround(ctx, d.domain, group, r, calls);
  const t = d.table;
  const desiredTable = ctx.desired.tables.find((x) => x.schema === t.schema && x.name === t.name);
  // A dropped table goes before the function (functionLiveDependencies).
  if (!desiredTable) return;
  const on = `${t.schema}.${t.name}`;
  const table = quoteQualified(t.schema, t.name);
  const key = keyOf(d);
  const { plan } = ctx;
  if (d.kind === "column") {
    const desired = desiredTable.columns.find((c) => c.name === d.column.name);
    if (!desired) return;
    const alter = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(desired.name)}`;
    if (d.column.generated !== null) {
      if (desired.generated === null) {
        // It becomes a plain column: DROP EXPRESSION ends the dependency before the drop.
        for (const s of stepsOf(plan, (s) => s.objectKey === key && s.sql.endsWith(" DROP EXPRESSION")).steps)
          s.group = group;
        return;
      }
      throw new UnsupportedChangeError(
        key,
        `generated column ${on}.${desired.name} calls ${routineLabel(r.live)}, which must be dropped and created again ` +
          `(its result type or argument names change); Postgres cannot change a generation expression in place: ` +
          `keep the function's signature, or declare the column without the function first`,
      );
    }
    // The default is set (again) once the function exists; it is dropped before the function,
    // here or by the transaction of a type change of the column, which drops it anyway.
    const sets = stepsOf(plan, (s) => s.objectKey === key && / SET DEFAULT /.test(s.sql)).steps;
    const drops = stepsOf(plan, (s) => s.objectKey === key && s.sql.endsWith(" DROP DEFAULT"));
    plan.remove(new Set([...sets, ...(drops.alone ? drops.steps : [])]));
    if (drops.alone)
      plan.add(Phase.alterColumns, {
        objectKey: key,
        description: `drop default of ${on}.${desired.name} (${calls} below)`,
        sql: `${alter} DROP DEFAULT`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: on,
        group,
      });
    if (desired.default !== null)
      plan.add(Phase.createFunctions, {
        objectKey: key,
        description: `set default of ${on}.${desired.name} again`,
        sql: `${alter} SET DEFAULT ${desired.default}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: on,
        group,
      });
    return;
  }
  if (d.kind === "constraint") {
    const live = d.constraint;
    const desired = desiredTable.constraints.find((c) => c.name === live.name && c.kind === live.kind);
    const own = stepsOf(plan, (s) => s.objectKey === key && !isComment(s));
    if (!own.alone) return;
    plan.remove(new Set(own.steps));
    plan.add(Phase.dropConstraints, {
      objectKey: key,
      description: `drop constraint ${live.name} of ${on} (${calls}${desired ? "; added again below" : ""})`,
      sql: `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(live.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: on,
      group,
      drops: constraintKeys(t, live),
    });
    if (!desired) return;
    const online = !ctx.offline && desired.kind === "check";
    const expression = desired.kind === "check" ? desired.expression : constraintBody(desired);
    const failure = hazard.mayFailOnExistingData(
      `fails if existing rows violate ${expression} with the new ${routineLabel(r.desired)}`,
    );
    plan.add(Phase.createFunctions, {
      objectKey: key,
      description: `add ${desired.kind === "check" ? "check" : "exclusion constraint"} ${desired.name} on ${on} again${online ? " NOT VALID" : ""}`,
      sql: online
        ? `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(desired.name)} ${constraintBody(desired)} NOT VALID`
        : `ALTER TABLE ${table} ADD ${constraintDefinition(desired)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: on,
      group,
      hazards: online
        ? []
        : desired.kind === "check"
          ? [failure, ...blocksEverything("scans the table")]
          : [failure, hazard.indexBuild(), ...blocksEverything("builds the constraint's index")],
      creates: constraintKeys(t, desired),
    });
    if (online)
      plan.add(Phase.validateConstraints, {
        objectKey: key,
        description: `validate ${desired.name} on ${on}`,
        sql: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(desired.name)}`,
        lock: "SHARE UPDATE EXCLUSIVE",
        lockTarget: on,
        hazards: [failure],
      });
    return;
  }
  if (d.kind === "index") {
    const live = d.index;
    const desired = desiredTable.indexes.find((i) => i.name === live.name);
    const own = stepsOf(plan, (s) => s.objectKey === key && !s.rename && /^(DROP|CREATE) /.test(s.sql));
    if (!own.alone) return;
    plan.remove(new Set(own.steps));
    plan.add(Phase.dropIndexes, {
      objectKey: key,
      description: `drop index ${live.name} of ${on} (${calls}${desired ? "; built again below" : ""})`,
      sql: `DROP INDEX ${quoteQualified(t.schema, live.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: on,
      group,
      drops: [key],
    });
    if (!desired) return;
    // Not concurrently: inside the transaction, where DROP INDEX holds ACCESS EXCLUSIVE until commit.
    const hazards = [
      hazard.indexBuild(),
      ...blocksEverything("builds the index inside the function's transaction, after DROP INDEX"),
    ];
    if (desired.unique)
      hazards.push(hazard.mayFailOnExistingData("fails if existing rows have duplicate keys"));
    plan.add(Phase.createFunctions, {
      objectKey: key,
      description: `build index ${desired.name} on ${on} again`,
      sql: createIndexSql(t.schema, t.name, desired, false),
      lock: "SHARE",
      lockTarget: on,
      group,
      hazards,
      creates: [key],
    });
    return;
  }
  const live = d.policy;
  const desired = (desiredTable.policies ?? []).find((p) => p.name === live.name);
  const own = stepsOf(plan, (s) => s.objectKey === key && !isComment(s));
  if (!own.alone) return;
  plan.remove(new Set(own.steps));
  plan.add(Phase.dropPolicies, {
    objectKey: key,
    description: `drop policy ${live.name} on ${on} (${calls}${desired ? "; created again below" : ""})`,
    sql: `DROP POLICY ${quoteIdent(live.name)} ON ${table}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: on,
    group,
    drops: [key],
  });
  if (desired)
    plan.add(Phase.createFunctions, {
      objectKey: key,
      description: `create policy ${desired.name} on ${on} again`,
      sql: createPolicySql(t.schema, t.name, desired),
      lock: "ACCESS EXCLUSIVE",
      lockTarget: on,
      group,
      creates: [key],
    });
}

function takeDomainAround(
  ctx: FunctionDependentsContext,
  live: DomainModel,
  group: string,
  r: RecreatedFunction,
  calls: string,
): void {
  const { plan } = ctx;
  const desired = (ctx.desired.domains ?? []).find((x) => x.schema === live.schema && x.name === live.name);
  // A domain dropped, or re-created for a new base type, goes with its own steps.
  if (!desired || desired.type !== live.type || desired.collation !== live.collation) return;
  const key = domainKey(live.schema, live.name);
  const type = quoteQualified(live.schema, live.name);
  const label = `${live.schema}.${live.name}`;
  const callsIt = (text: string | null) => text !== null && mentions(text, r.live.name, true);
  if (callsIt(live.default)) {
    const own = stepsOf(
      plan,
      (s) => s.objectKey === key && /^ALTER DOMAIN \S+ (DROP|SET) DEFAULT/.test(s.sql),
    );
    if (own.alone) {
      plan.remove(new Set(own.steps));
      plan.add(Phase.alterColumns, {
        objectKey: key,
        description: `drop default of domain ${label} (${calls} below)`,
        sql: `ALTER DOMAIN ${type} DROP DEFAULT`,
        lock: "none",
        group,
      });
      if (desired.default !== null)
        plan.add(Phase.createFunctions, {
          objectKey: key,
          description: `set default of domain ${label} again`,
          sql: `ALTER DOMAIN ${type} SET DEFAULT ${desired.default}`,
          lock: "none",
          group,
        });
    }
  }
  for (const check of live.checks.filter((c) => callsIt(c.expression))) {
    const named = ` CONSTRAINT ${quoteIdent(check.name)}`;
    const own = stepsOf(
      plan,
      (s) => s.objectKey === key && s.sql.startsWith("ALTER DOMAIN ") && s.sql.includes(named),
    );
    if (!own.alone) continue;
    plan.remove(new Set(own.steps));
    const again = desired.checks.find((c) => c.name === check.name);
    plan.add(Phase.dropConstraints, {
      objectKey: key,
      description: `drop check ${check.name} of domain ${label} (${calls}${again ? "; added again below" : ""})`,
      sql: `ALTER DOMAIN ${type} DROP CONSTRAINT ${quoteIdent(check.name)}`,
      lock: "none",
      group,
    });
    if (!again) continue;
    plan.add(Phase.createFunctions, {
      objectKey: key,
      description: `add check ${again.name} to domain ${label} again${ctx.offline ? "" : " NOT VALID"}`,
      sql: `ALTER DOMAIN ${type} ADD CONSTRAINT ${quoteIdent(again.name)} CHECK (${again.expression})${ctx.offline ? "" : " NOT VALID"}`,
      lock: "none",
      group,
      hazards: ctx.offline
        ? [hazard.mayFailOnExistingData(`fails if a stored value violates ${again.expression}`)]
        : [],
    });
    if (!ctx.offline) planValidateCheck(plan, desired, again);
  }
}

/**
 * The managed triggers on the function (dropped and created again by plan-triggers.ts) and the
 * views re-created over it in one transaction (plan-views.ts) join the function's transaction.
 */
function joinTriggersAndViews(
  ctx: FunctionDependentsContext,
  r: RecreatedFunction,
  group: string,
  merge: (from: string, into: string) => void,
  resolve: (group: string) => string,
): void {
  const { plan } = ctx;
  const onIt = (t: TriggerModel) =>
    (t.function.schema === r.live.schema && t.function.name === r.live.name) ||
    (t.when !== null && mentions(t.when, r.live.name, true));
  const triggers = new Set(
    [...(ctx.live.triggers ?? []), ...(ctx.desired.triggers ?? [])].filter(onIt).map(triggerKey),
  );
  const { steps, alone } = stepsOf(plan, (s) => triggers.has(s.objectKey));
  if (alone) for (const s of steps) if (s.transactional) s.group = group;
  const fn = functionKey(r.live);
  const views = new Set(
    (ctx.live.views ?? []).filter((v) => v.dependsOn.includes(fn)).map((v) => viewKey(v.schema, v.name)),
  );
  const rebuilt = resolve(viewsRebuildGroup);
  if (plan.all().some((s) => views.has(s.objectKey) && s.group === rebuilt)) merge(rebuilt, group);
}
