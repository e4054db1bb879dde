// Triggers: created after their table, columns and function; changed in place with CREATE OR
// REPLACE TRIGGER (Postgres 14+); enabled state through ALTER TABLE ... ENABLE/DISABLE TRIGGER;
// dropped first (before the columns or function they use). Triggers of a dropped table go with it.
import type { SchemaModel } from "../model/model";
import { TriggerModel, sameTriggerDefinition, triggerKey } from "../model/trigger";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { columnKey, tableKey } from "./keys";
import type { FunctionPlan } from "./plan-functions";

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
  const usesRecreated = (t: TriggerModel) =>
    functions.recreated.has(`${t.function.schema}.${t.function.name}`);
  const drop = (l: { trigger: TriggerModel; liveTable: string }, why: string) =>
    plan.add(Phase.dropTriggers, {
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
    const recreate = l !== undefined && usesRecreated(d);
    if (recreate) drop(l, ` (its function is created again)`);
    const create = !l || recreate;
    if (create || !sameTriggerDefinition(l.trigger, d)) {
      plan.add(Phase.createTriggers, {
        objectKey: key,
        description: `${create ? "create" : "replace"} trigger ${d.name} on ${on}`,
        sql: createTriggerSql(d, !create),
        lock: "SHARE ROW EXCLUSIVE",
        lockTarget: on,
        creates: [key],
        needs,
      });
    }
    const liveEnabled = create ? "origin" : l.trigger.enabled;
    if (liveEnabled !== d.enabled) {
      plan.add(Phase.createTriggers, {
        objectKey: key,
        description: `${d.enabled === "disabled" ? "disable" : "enable"} trigger ${d.name} on ${on}${
          d.enabled === "replica" || d.enabled === "always" ? ` (${d.enabled})` : ""
        }`,
        sql: `ALTER TABLE ${quoteQualified(d.schema, d.table)} ${enableSql[d.enabled]} TRIGGER ${quoteIdent(d.name)}`,
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
