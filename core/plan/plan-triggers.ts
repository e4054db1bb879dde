// Triggers: created after their table, columns and function; changed in place with CREATE OR
// REPLACE TRIGGER (Postgres 14+); enabled state through ALTER TABLE ... ENABLE/DISABLE TRIGGER;
// dropped first (before the columns or function they use). Triggers of a dropped table go with it.
// A trigger whose function is created again, or whose UPDATE OF / WHEN columns change type, is
// dropped before and created again after.
import type { SchemaModel } from "../model/model";
import { TriggerModel, sameTriggerDefinition, triggerKey } from "../model/trigger";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { columnKey, tableKey } from "./keys";
import { FunctionPlan, mentions } from "./plan-functions";

const triggersOf = (m: SchemaModel) => m.triggers ?? [];

export function createTriggerSql(t: TriggerModel, orReplace: boolean): string {
  const events = t.events
    .map((e) =>
      e === "update" && t.updateOf.length
        ? `UPDATE OF ${t.updateOf.map(quoteIdent).join(", ")}`
        : e.toUpperCase(),
    )
    .join(" OR ");
  return (
    `CREATE ${orReplace ? "OR REPLACE " : ""}TRIGGER ${quoteIdent(t.name)} ${t.timing.toUpperCase()} ${events}` +
    ` ON ${quoteQualified(t.schema, t.table)} FOR EACH ${t.forEach.toUpperCase()}` +
    (t.when !== null ? ` WHEN (${t.when})` : "") +
    ` EXECUTE FUNCTION ${quoteQualified(t.function.schema, t.function.name)}(${t.arguments.map(quoteLiteral).join(", ")})`
  );
}

const enableSql: Record<TriggerModel["enabled"], string> = {
  origin: "ENABLE",
  disabled: "DISABLE",
  replica: "ENABLE REPLICA",
  always: "ENABLE ALWAYS",
};

/**
 * Live triggers under the table names they have once the plan's table renames ran (`live` is the
 * model after the renames; a trigger still names its table's old name).
 */
function renamedLive(
  live: SchemaModel,
  desired: SchemaModel,
): Array<{ trigger: TriggerModel; liveTable: string }> {
  const renames = new Map<string, string>();
  const has = (schema: string, name: string) =>
    live.tables.some((t) => t.schema === schema && t.name === name);
  for (const d of desired.tables) {
    if (d.renamedFrom !== null && !has(d.schema, d.renamedFrom) && has(d.schema, d.name))
      renames.set(`${d.schema}.${d.renamedFrom}`, d.name);
  }
  return triggersOf(live).map((t) => ({
    trigger: { ...t, table: renames.get(`${t.schema}.${t.table}`) ?? t.table },
    liveTable: t.table,
  }));
}

export function planTriggers(
  live: SchemaModel,
  desired: SchemaModel,
  plan: PlanBuilder,
  functions: FunctionPlan,
): void {
  const lives = renamedLive(live, desired);
  const liveByKey = new Map(lives.map((l) => [triggerKey(l.trigger), l]));
  const desiredKeys = new Set(triggersOf(desired).map(triggerKey));
  const desiredTables = new Set(desired.tables.map((t) => `${t.schema}.${t.name}`));
  // Its function, or one its WHEN calls, is dropped and created again.
  const functionRecreated = (t: TriggerModel) =>
    functions.recreated.has(`${t.function.schema}.${t.function.name}`);
  const usesRecreated = (t: TriggerModel) =>
    functionRecreated(t) ||
    (t.when !== null &&
      functions.recreatedFunctions.some((f) => mentions(t.when as string, f.live.name, true)));
  // Postgres refuses a column type change under a trigger whose UPDATE OF or WHEN uses the column.
  // The trigger is dropped and created again in the type change's transaction.
  const retyped = new Map<string, string>();
  for (const s of plan.all()) {
    if (s.rename) continue;
    for (const k of s.drops) if (k.startsWith("column:") && s.creates.includes(k)) retyped.set(k, s.group);
  }
  const retypeGroups = (t: TriggerModel, liveTable: string): Set<string> => {
    const groups = new Set<string>();
    for (const [k, group] of retyped) {
      if (!k.startsWith(`column:${t.schema}.${liveTable}.`)) continue;
      const column = k.slice(`column:${t.schema}.${liveTable}.`.length);
      if (t.updateOf.includes(column) || (t.when !== null && mentions(t.when, column))) groups.add(group);
    }
    return groups;
  };
  const drop = (l: { trigger: TriggerModel; liveTable: string }, why: string, group?: string) =>
    plan.add(Phase.dropTriggers, {
      group,
      objectKey: triggerKey(l.trigger),
      description: `drop trigger ${l.trigger.name} on ${l.trigger.schema}.${l.liveTable}${why}`,
      sql: `DROP TRIGGER ${quoteIdent(l.trigger.name)} ON ${quoteQualified(l.trigger.schema, l.liveTable)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${l.trigger.schema}.${l.liveTable}`,
      drops: [triggerKey(l.trigger)],
      needs: [tableKey(l.trigger.schema, l.liveTable)],
    });

  for (const d of triggersOf(desired)) {
    const key = triggerKey(d);
    const l = liveByKey.get(key);
    const on = `${d.schema}.${d.table}`;
    const needs = [
      tableKey(d.schema, d.table),
      ...d.updateOf.map((c) => columnKey(d.schema, d.table, c)),
      `function:${d.function.schema}.${d.function.name}()`,
    ];
    const retypes = l ? retypeGroups(l.trigger, l.liveTable) : new Set<string>();
    const recreate = l !== undefined && (usesRecreated(d) || retypes.size > 0);
    // One type change: the trigger goes and comes back in its transaction (never missing an update).
    const group = !usesRecreated(d) && retypes.size === 1 ? [...retypes][0] : undefined;
    if (recreate)
      drop(
        l,
        functionRecreated(d)
          ? ` (its function is created again)`
          : usesRecreated(d)
            ? ` (a function its WHEN calls is created again)`
            : ` (a column it uses changes type)`,
        group,
      );
    const create = !l || recreate;
    const replace = !create && !sameTriggerDefinition(l.trigger, d);
    if (create || replace) {
      plan.add(Phase.createTriggers, {
        objectKey: key,
        description: `${create ? "create" : "replace"} trigger ${d.name} on ${on}`,
        sql: createTriggerSql(d, !create),
        group: recreate ? group : replace ? `replace ${key}` : undefined,
        lock: "SHARE ROW EXCLUSIVE",
        lockTarget: on,
        creates: [key],
        needs,
      });
    }
    // CREATE OR REPLACE TRIGGER resets the enabled state to origin (the comment stays: same OID).
    const liveEnabled = create || replace ? "origin" : l.trigger.enabled;
    if (liveEnabled !== d.enabled) {
      plan.add(Phase.createTriggers, {
        objectKey: key,
        description: `${d.enabled === "disabled" ? "disable" : "enable"} trigger ${d.name} on ${on}${
          d.enabled === "replica" || d.enabled === "always" ? ` (${d.enabled})` : ""
        }`,
        sql: `ALTER TABLE ${quoteQualified(d.schema, d.table)} ${enableSql[d.enabled]} TRIGGER ${quoteIdent(d.name)}`,
        // With its replace: the trigger never fires in the state the replace resets it to.
        group: replace ? `replace ${key}` : undefined,
        lock: "SHARE ROW EXCLUSIVE",
        lockTarget: on,
      });
    }
    if ((create ? null : l.trigger.comment) !== d.comment) {
      plan.add(Phase.comments, {
        objectKey: key,
        description: `set comment of trigger ${d.name} on ${on}`,
        sql: `COMMENT ON TRIGGER ${quoteIdent(d.name)} ON ${quoteQualified(d.schema, d.table)} IS ${commentLiteral(d.comment)}`,
        lock: "none",
      });
    }
  }
  for (const l of lives) {
    if (desiredKeys.has(triggerKey(l.trigger))) continue;
    // A dropped table takes its triggers with it.
    if (!desiredTables.has(`${l.trigger.schema}.${l.trigger.table}`)) continue;
    drop(l, "");
  }
}
