// Table-level changes: create, drop, persistence, comment, and delegation to columns/constraints/indexes.
import type { TableModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, createTableSql } from "./ddl";
import { blocksEverything, hazard } from "./hazards";
import { TypeKeyOf, constraintKeys, tableChildKeys } from "./dependencies";
import { columnKey, schemaKey, tableKey } from "./keys";
import { planAddColumn, planAlterColumn, planDropColumn } from "./plan-columns";
import { planAddConstraint, planConstraintChanges, planConstraintComment } from "./plan-constraints";
import { planCreateIndex, planIndexChanges } from "./plan-indexes";
import { planCreatePartitions, planPartitionChanges } from "./plan-partitions";

export interface TableContext {
  plan: PlanBuilder;
  offline: boolean;
  notValid: ReadonlySet<string>;
  forcedForeignKeys: ReadonlySet<string>;
  /** Desired tables by "schema.name", for what foreign keys need. */
  desiredTables: ReadonlyMap<string, TableModel>;
  typeKeyOf: TypeKeyOf;
  /** Foreign keys of live tables dropped on their own first, to break a cycle between dropped tables. */
  cycleForeignKeys: ReadonlySet<string>;
  /** Column keys whose backfill was interrupted: planned again, it resumes (plan-backfill.ts). */
  pendingBackfills?: ReadonlySet<string>;
}

/** The enum (and later domain, composite) types a table's columns use. */
function columnTypeNeeds(typeKeyOf: TypeKeyOf, t: TableModel): string[] {
  return t.columns.flatMap((c) => {
    const k = typeKeyOf(c.type);
    return k ? [k] : [];
  });
}

function planTableComment(plan: PlanBuilder, t: TableModel): void {
  plan.add(Phase.comments, {
    objectKey: tableKey(t.schema, t.name),
    description: `set comment of table ${t.schema}.${t.name}`,
    sql: `COMMENT ON TABLE ${quoteQualified(t.schema, t.name)} IS ${commentLiteral(t.comment)}`,
    lock: "SHARE UPDATE EXCLUSIVE",
    lockTarget: `${t.schema}.${t.name}`,
    needs: [tableKey(t.schema, t.name)],
  });
}

export function planCreateTable(ctx: TableContext, t: TableModel): void {
  const { plan } = ctx;
  const key = tableKey(t.schema, t.name);
  plan.add(Phase.createTables, {
    objectKey: key,
    description: `create table ${t.schema}.${t.name}`,
    sql: createTableSql(t),
    lock: "none",
    creates: [
      key,
      ...t.columns.map((c) => columnKey(t.schema, t.name, c.name)),
      ...t.constraints.filter((c) => c.kind !== "foreignKey").flatMap((c) => constraintKeys(t, c)),
    ],
    needs: [schemaKey(t.schema), ...columnTypeNeeds(ctx.typeKeyOf, t)],
  });
  if (t.comment !== null) planTableComment(plan, t);
  for (const c of t.columns) {
    if (c.comment === null) continue;
    plan.add(Phase.comments, {
      objectKey: columnKey(t.schema, t.name, c.name),
      description: `set comment of column ${t.schema}.${t.name}.${c.name}`,
      sql: `COMMENT ON COLUMN ${quoteQualified(t.schema, t.name)}.${quoteIdent(c.name)} IS ${commentLiteral(c.comment)}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget: `${t.schema}.${t.name}`,
      needs: [columnKey(t.schema, t.name, c.name)],
    });
  }
  const sub = { ...ctx, table: t };
  planCreatePartitions(ctx, t);
  for (const i of t.indexes) planCreateIndex(sub, i, true);
  for (const c of t.constraints) if (c.kind === "foreignKey") planAddConstraint(sub, c, true);
  for (const c of t.constraints)
    if (c.kind !== "foreignKey" && c.comment !== undefined) planConstraintComment(sub, c);
}

export function planDropTable(ctx: TableContext, t: TableModel): void {
  ctx.plan.add(Phase.dropTables, {
    objectKey: tableKey(t.schema, t.name),
    description: `drop table ${t.schema}.${t.name}`,
    sql: `DROP TABLE ${quoteQualified(t.schema, t.name)}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: `${t.schema}.${t.name}`,
    hazards: [
      hazard.deletesData(`drops table ${t.schema}.${t.name} and all its rows`),
      hazard.notReversible("the rows are gone"),
    ],
    drops: [tableKey(t.schema, t.name), ...tableChildKeys(t).filter((k) => !ctx.cycleForeignKeys.has(k))],
  });
}

export function planTableChanges(ctx: TableContext, live: TableModel, desired: TableModel): void {
  const { plan } = ctx;
  const sub = { ...ctx, table: desired };
  if (live.unlogged !== desired.unlogged) {
    plan.add(Phase.alterColumns, {
      objectKey: tableKey(desired.schema, desired.name),
      description: `make table ${desired.schema}.${desired.name} ${desired.unlogged ? "UNLOGGED" : "LOGGED"}`,
      sql: `ALTER TABLE ${quoteQualified(desired.schema, desired.name)} SET ${desired.unlogged ? "UNLOGGED" : "LOGGED"}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${desired.schema}.${desired.name}`,
      hazards: [hazard.rewritesTable(), ...blocksEverything("rewrites the table")],
      needs: [tableKey(desired.schema, desired.name)],
    });
  }
  if (live.comment !== desired.comment) planTableComment(plan, desired);
  for (const c of desired.columns) {
    const l = live.columns.find((x) => x.name === c.name);
    if (!l) planAddColumn(sub, c);
    else planAlterColumn(sub, l, c);
  }
  for (const l of live.columns) {
    if (!desired.columns.some((c) => c.name === l.name)) planDropColumn(sub, l);
  }
  planConstraintChanges(sub, live, desired);
  planIndexChanges(sub, live, desired);
  planPartitionChanges(ctx, live, desired);
}
