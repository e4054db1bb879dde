// Index changes of one existing table: CREATE/DROP INDEX CONCURRENTLY, renames for same-definition pairs.
import { canonicalJson } from "../model/canonical";
import type { IndexModel, TableModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, createIndexSql, storageParametersSql } from "./ddl";
import { hazard } from "./hazards";
import { columnKey, indexKey, tableKey } from "./keys";
import { matchByName } from "./match-by-name";
import { planCreatePartitionedIndex } from "./plan-partitions";

export interface IndexContext {
  plan: PlanBuilder;
  table: TableModel;
  offline: boolean;
}

/** What needs a rebuild when it changes: everything but storage parameters and the comment. */
export function indexShape(i: IndexModel): IndexModel {
  const { with: _with, comment: _comment, ...shape } = i;
  return shape;
}

/** Where an index's comment and storage parameters are planned: a table or a materialized view. */
interface IndexOwnerContext {
  plan: PlanBuilder;
  table: { schema: string; name: string };
}

export function planIndexComment(ctx: IndexOwnerContext, i: IndexModel): void {
  const { plan, table } = ctx;
  plan.add(Phase.comments, {
    objectKey: indexKey(table.schema, table.name, i.name),
    description: `set comment of index ${i.name} of ${table.schema}.${table.name}`,
    sql: `COMMENT ON INDEX ${quoteQualified(table.schema, i.name)} IS ${commentLiteral(i.comment ?? null)}`,
    lock: "none",
    needs: [indexKey(table.schema, table.name, i.name)],
  });
}

/** Storage parameters change in place (they apply to pages written from now on; no rebuild). */
export function planIndexStorage(ctx: IndexOwnerContext, live: IndexModel, desired: IndexModel): void {
  const { plan, table } = ctx;
  const set = Object.fromEntries(Object.entries(desired.with ?? {}).filter(([k, v]) => live.with?.[k] !== v));
  const reset = Object.keys(live.with ?? {}).filter((k) => desired.with?.[k] === undefined);
  const target = quoteQualified(table.schema, desired.name);
  const lockTarget = `${table.schema}.${table.name}`;
  if (Object.keys(set).length)
    plan.add(Phase.createIndexes, {
      objectKey: indexKey(table.schema, table.name, desired.name),
      description: `set storage parameters of index ${desired.name} of ${table.schema}.${table.name}`,
      sql: `ALTER INDEX ${target} SET (${storageParametersSql(set)})`,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget,
    });
  if (reset.length)
    plan.add(Phase.createIndexes, {
      objectKey: indexKey(table.schema, table.name, desired.name),
      description: `reset storage parameters ${reset.join(", ")} of index ${desired.name} of ${table.schema}.${table.name}`,
      sql: `ALTER INDEX ${target} RESET (${reset.map(quoteIdent).join(", ")})`,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget,
    });
}

/** `live`: the table as it is, for a partitioned one (its live partitions get their index concurrently). */
export function planCreateIndex(
  ctx: IndexContext,
  i: IndexModel,
  newTable: boolean,
  live?: TableModel,
): void {
  const { plan, table } = ctx;
  const needs = [
    tableKey(table.schema, table.name),
    ...[...i.keys.flatMap((k) => (k.column !== null ? [k.column] : [])), ...i.include].map((c) =>
      columnKey(table.schema, table.name, c),
    ),
  ];
  if (!newTable && !ctx.offline && table.partitionBy !== undefined && live) {
    planCreatePartitionedIndex(plan, table, live, i, (s, t, c) => createIndexSql(s, t, i, c), needs);
    return;
  }
  const concurrently = !newTable && !ctx.offline && table.partitionBy === undefined;
  const hazards = newTable ? [] : [hazard.indexBuild()];
  if (!newTable && i.unique)
    hazards.push(hazard.mayFailOnExistingData("fails if existing rows have duplicate keys"));
  if (!newTable && !concurrently)
    hazards.push(hazard.blocksWrites("a plain CREATE INDEX blocks writes while it builds"));
  plan.add(Phase.createIndexes, {
    objectKey: indexKey(table.schema, table.name, i.name),
    description: `create index ${i.name} on ${table.schema}.${table.name}${concurrently ? " concurrently" : ""}`,
    sql: createIndexSql(table.schema, table.name, i, concurrently),
    transactional: !concurrently,
    lock: concurrently ? "SHARE UPDATE EXCLUSIVE" : "SHARE",
    lockTarget: `${table.schema}.${table.name}`,
    hazards,
    ...(concurrently ? { onFailure: { dropInvalidIndex: { schema: table.schema, name: i.name } } } : {}),
    creates: [indexKey(table.schema, table.name, i.name)],
    needs,
  });
  if (i.comment !== undefined) planIndexComment(ctx, i);
}

export function planDropIndex(ctx: IndexContext, i: IndexModel): void {
  const { plan, table } = ctx;
  const concurrently = !ctx.offline && table.partitionBy === undefined;
  plan.add(Phase.dropIndexes, {
    objectKey: indexKey(table.schema, table.name, i.name),
    description: `drop index ${i.name} of ${table.schema}.${table.name}`,
    sql: `DROP INDEX ${concurrently ? "CONCURRENTLY " : ""}IF EXISTS ${quoteQualified(table.schema, i.name)}`,
    transactional: !concurrently,
    lock: concurrently ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    drops: [indexKey(table.schema, table.name, i.name)],
    needs: [tableKey(table.schema, table.name)],
  });
}

export function planIndexChanges(ctx: IndexContext, live: TableModel, desired: TableModel): void {
  const { plan, table } = ctx;
  const { dropped: liveOnly, added: desiredOnly, renamed } = matchByName(live.indexes, desired.indexes);
  for (const { from: match, to: d } of renamed) {
    plan.add(Phase.renameConstraints, {
      objectKey: indexKey(table.schema, table.name, d.name),
      description: `rename index ${match.name} of ${table.schema}.${table.name} to ${d.name}`,
      sql: `ALTER INDEX ${quoteQualified(table.schema, match.name)} RENAME TO ${quoteIdent(d.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${table.schema}.${match.name}`,
      drops: [indexKey(table.schema, table.name, match.name)],
      creates: [indexKey(table.schema, table.name, d.name)],
      needs: [tableKey(table.schema, table.name)],
      rename: {
        from: indexKey(table.schema, table.name, match.name),
        to: indexKey(table.schema, table.name, d.name),
      },
    });
  }
  for (const l of liveOnly) planDropIndex(ctx, l);
  for (const d of desiredOnly) planCreateIndex(ctx, d, false, live);
  for (const d of desired.indexes) {
    const l = live.indexes.find((x) => x.name === d.name);
    if (!l) continue;
    if (canonicalJson(indexShape(l)) !== canonicalJson(indexShape(d))) {
      planDropIndex(ctx, l);
      planCreateIndex(ctx, d, false, live);
      continue;
    }
    if (canonicalJson(l.with ?? {}) !== canonicalJson(d.with ?? {})) planIndexStorage(ctx, l, d);
    if ((l.comment ?? null) !== (d.comment ?? null)) planIndexComment(ctx, d);
  }
}
