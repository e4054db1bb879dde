// Partitions of a partitioned table. On a new table: CREATE TABLE ... PARTITION OF. On a live
// one: a new partition is created on its own (LIKE the parent) and attached in the same
// transaction (ATTACH takes SHARE UPDATE EXCLUSIVE on the parent where PARTITION OF would take
// ACCESS EXCLUSIVE); a dropped partition is detached (CONCURRENTLY unless the table has a default
// partition, which Postgres then refuses) and dropped, which deletes its rows; a changed bound is a
// DETACH and ATTACH in one transaction, so the rows never vanish from the parent in between.
import type { IndexModel, SchemaModel, TableModel } from "../model/model";
import type { PartitionModel } from "../model/partition";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { blocksEverything, hazard } from "./hazards";
import { indexKey, tableKey } from "./keys";
import { UnsupportedChangeError } from "./step";

export interface PartitionContext {
  plan: PlanBuilder;
  offline: boolean;
  /** "schema.name" of live plain tables that are declared partitions (detached by hand): attached back. */
  reattach?: ReadonlySet<string>;
}

/**
 * Live plain tables that the declaration has as partitions of a live partitioned table (a
 * partition detached by hand, or a table to adopt as one): they are attached, never dropped.
 */
export function detachedPartitions(live: SchemaModel, desired: SchemaModel): Set<string> {
  const out = new Set<string>();
  const liveTables = new Set(live.tables.map((t) => `${t.schema}.${t.name}`));
  for (const d of desired.tables) {
    const l = live.tables.find((t) => t.schema === d.schema && t.name === d.name);
    if (!l || l.partitionBy === undefined || d.partitionBy !== l.partitionBy) continue;
    for (const p of d.partitions ?? []) {
      const key = `${d.schema}.${p.name}`;
      const plain = live.tables.find((t) => `${t.schema}.${t.name}` === key && t.partitionBy === undefined);
      if (plain && liveTables.has(key) && !desired.tables.some((t) => `${t.schema}.${t.name}` === key))
        out.add(key);
    }
  }
  return out;
}

const partitionKey = (t: TableModel, p: PartitionModel) => tableKey(t.schema, p.name);

/** Keys of a table's partitions: dropping the table drops them. */
export function partitionKeys(t: TableModel): string[] {
  return (t.partitions ?? []).map((p) => partitionKey(t, p));
}

function planComment(plan: PlanBuilder, t: TableModel, p: PartitionModel): void {
  plan.add(Phase.comments, {
    objectKey: partitionKey(t, p),
    description: `set comment of partition ${t.schema}.${p.name}`,
    sql: `COMMENT ON TABLE ${quoteQualified(t.schema, p.name)} IS ${commentLiteral(p.comment)}`,
    lock: "SHARE UPDATE EXCLUSIVE",
    lockTarget: `${t.schema}.${p.name}`,
    needs: [partitionKey(t, p)],
  });
}

/** The partitions of a table this plan creates (it is empty: the plain form locks nobody). */
export function planCreatePartitions(ctx: PartitionContext, t: TableModel): void {
  for (const p of t.partitions ?? []) {
    ctx.plan.add(Phase.createTables, {
      objectKey: partitionKey(t, p),
      description: `create partition ${t.schema}.${p.name} of ${t.schema}.${t.name}`,
      sql: `CREATE TABLE ${quoteQualified(t.schema, p.name)} PARTITION OF ${quoteQualified(t.schema, t.name)} ${p.bound}`,
      lock: "none",
      creates: [partitionKey(t, p)],
      needs: [tableKey(t.schema, t.name)],
    });
    if (p.comment !== null) planComment(ctx.plan, t, p);
  }
}

function attachHazards(live: TableModel, p: PartitionModel) {
  const hazards = [hazard.mayFailOnExistingData(`fails if rows of ${p.name} fall outside ${p.bound}`)];
  const defaultPartition = (live.partitions ?? []).find((x) => x.bound === "DEFAULT" && x.name !== p.name);
  if (defaultPartition && p.bound !== "DEFAULT")
    hazards.push(
      hazard.mayFailOnExistingData(
        `fails if the default partition ${defaultPartition.name} holds rows of ${p.bound}`,
      ),
      hazard.blocksWrites(`scans the default partition ${defaultPartition.name} under ACCESS EXCLUSIVE`),
    );
  return hazards;
}

export function planPartitionChanges(ctx: PartitionContext, live: TableModel, desired: TableModel): void {
  const { plan } = ctx;
  const parent = quoteQualified(desired.schema, desired.name);
  const parentKey = tableKey(desired.schema, desired.name);
  if (live.partitionBy !== desired.partitionBy)
    throw new UnsupportedChangeError(
      parentKey,
      `changing partitionBy from ${live.partitionBy ?? "none"} to ${desired.partitionBy ?? "none"} is not supported: Postgres cannot re-partition a table in place; declare a new table and move the rows`,
    );
  const livePartitions = live.partitions ?? [];
  const desiredPartitions = desired.partitions ?? [];
  const hasDefault = livePartitions.some((p) => p.bound === "DEFAULT");
  for (const l of livePartitions) {
    if (desiredPartitions.some((p) => p.name === l.name)) continue;
    const key = partitionKey(desired, l);
    const concurrently = !ctx.offline && !hasDefault;
    plan.add(Phase.dropColumns, {
      objectKey: key,
      description: `detach partition ${desired.schema}.${l.name} from ${desired.schema}.${desired.name}${concurrently ? " concurrently" : ""}`,
      sql: `ALTER TABLE ${parent} DETACH PARTITION ${quoteQualified(desired.schema, l.name)}${concurrently ? " CONCURRENTLY" : ""}`,
      transactional: !concurrently,
      lock: concurrently ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE",
      lockTarget: `${desired.schema}.${desired.name}`,
      hazards: concurrently ? [] : [...blocksEverything("detaches the partition")],
      needs: [key, parentKey],
    });
    plan.add(Phase.dropTables, {
      objectKey: key,
      description: `drop partition ${desired.schema}.${l.name}`,
      sql: `DROP TABLE ${quoteQualified(desired.schema, l.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${desired.schema}.${l.name}`,
      hazards: [
        hazard.deletesData(`drops partition ${desired.schema}.${l.name} and all its rows`),
        hazard.notReversible("the rows are gone"),
      ],
      drops: [key],
    });
  }
  for (const d of desiredPartitions) {
    const l = livePartitions.find((p) => p.name === d.name);
    const key = partitionKey(desired, d);
    const partition = quoteQualified(desired.schema, d.name);
    if (!l && ctx.reattach?.has(`${desired.schema}.${d.name}`)) {
      plan.add(Phase.createTables, {
        objectKey: key,
        description: `attach the existing table ${desired.schema}.${d.name} as a partition of ${desired.schema}.${desired.name}`,
        sql: `ALTER TABLE ${parent} ATTACH PARTITION ${partition} ${d.bound}`,
        lock: "SHARE UPDATE EXCLUSIVE",
        lockTarget: `${desired.schema}.${desired.name}`,
        hazards: [
          ...attachHazards(live, d),
          hazard.mayFailOnExistingData(
            `fails unless ${d.name} has exactly the columns and checks of ${desired.name}`,
          ),
          hazard.blocksWrites(`scans ${d.name} under ACCESS EXCLUSIVE to check its rows against the bound`),
        ],
        needs: [
          key,
          parentKey,
          ...desired.indexes.map((i) => indexKey(desired.schema, desired.name, i.name)),
        ],
      });
      if (d.comment !== null) planComment(plan, desired, d);
      continue;
    }
    if (!l) {
      const group = `partition:${desired.schema}.${d.name}`;
      plan.add(Phase.createTables, {
        objectKey: key,
        description: `create table ${desired.schema}.${d.name} like ${desired.schema}.${desired.name}, to attach as a partition`,
        sql: `CREATE TABLE ${partition} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)`,
        lock: "none",
        group,
        creates: [key],
        needs: [parentKey],
      });
      plan.add(Phase.createTables, {
        objectKey: key,
        description: `attach partition ${desired.schema}.${d.name} to ${desired.schema}.${desired.name}`,
        sql: `ALTER TABLE ${parent} ATTACH PARTITION ${partition} ${d.bound}`,
        lock: "SHARE UPDATE EXCLUSIVE",
        lockTarget: `${desired.schema}.${desired.name}`,
        group,
        hazards: attachHazards(live, d).slice(1),
        // After the parent's new indexes: Postgres then builds them on the partition as it attaches.
        needs: [
          key,
          parentKey,
          ...desired.indexes.map((i) => indexKey(desired.schema, desired.name, i.name)),
        ],
      });
      if (d.comment !== null) planComment(plan, desired, d);
      continue;
    }
    if (l.bound !== d.bound) {
      const group = `partition-bound:${desired.schema}.${d.name}`;
      plan.add(Phase.alterColumns, {
        objectKey: key,
        description: `detach partition ${desired.schema}.${d.name} to change its bound from ${l.bound} to ${d.bound}`,
        sql: `ALTER TABLE ${parent} DETACH PARTITION ${partition}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: `${desired.schema}.${desired.name}`,
        group,
        hazards: blocksEverything("detaches and re-attaches the partition (one transaction)"),
        needs: [key, parentKey],
      });
      plan.add(Phase.alterColumns, {
        objectKey: key,
        description: `attach partition ${desired.schema}.${d.name} ${d.bound}`,
        sql: `ALTER TABLE ${parent} ATTACH PARTITION ${partition} ${d.bound}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: `${desired.schema}.${desired.name}`,
        group,
        hazards: [
          ...attachHazards(live, d),
          hazard.blocksReads(`scans ${d.name} to check the new bound while the parent is locked`),
        ],
        needs: [key, parentKey],
      });
    }
    if (l.comment !== d.comment) planComment(plan, desired, d);
  }
}

/** A partition's own index for `index` (attached to it): `<partition>_<index>`, within 63 bytes. */
function childIndexName(partition: string, index: string): string {
  let name = `${partition}_${index}`;
  while (Buffer.byteLength(name, "utf8") > 63) name = name.slice(0, -1);
  return name;
}

/**
 * A new index on a live partitioned table without blocking writes (Postgres builds none
 * CONCURRENTLY on a partitioned table): an index ON ONLY the parent (invalid, instant), one built
 * CONCURRENTLY on each live partition, each attached; the parent's index is valid once all are.
 * Partitions the plan adds later are attached after it and get theirs from Postgres.
 */
export function planCreatePartitionedIndex(
  plan: PlanBuilder,
  table: TableModel,
  live: TableModel,
  index: IndexModel,
  createSql: (schema: string, table: string, concurrently: boolean) => string,
  needs: string[],
): void {
  const key = indexKey(table.schema, table.name, index.name);
  const onlyKey = `${key}#only`;
  const partitions = (table.partitions ?? []).filter((p) =>
    (live.partitions ?? []).some((l) => l.name === p.name),
  );
  const parentSql = createSql(table.schema, table.name, false);
  const target = `ON ${quoteQualified(table.schema, table.name)} USING`;
  plan.add(Phase.createIndexes, {
    objectKey: key,
    description: `create index ${index.name} on only the partitioned table ${table.schema}.${table.name}`,
    sql: parentSql.replace(target, `ON ONLY ${quoteQualified(table.schema, table.name)} USING`),
    lock: "SHARE",
    lockTarget: `${table.schema}.${table.name}`,
    creates: [partitions.length ? onlyKey : key],
    needs,
  });
  for (const p of partitions) {
    const child = childIndexName(p.name, index.name);
    plan.add(Phase.createIndexes, {
      objectKey: key,
      description: `build index ${child} on partition ${table.schema}.${p.name} concurrently`,
      sql: createSql(table.schema, p.name, true).replace(
        `CONCURRENTLY ${quoteIdent(index.name)} `,
        `CONCURRENTLY IF NOT EXISTS ${quoteIdent(child)} `,
      ),
      transactional: false,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget: `${table.schema}.${p.name}`,
      hazards: [
        hazard.indexBuild(),
        ...(index.unique ? [hazard.mayFailOnExistingData("fails if existing rows have duplicate keys")] : []),
      ],
      onFailure: { dropInvalidIndex: { schema: table.schema, name: child } },
      creates: [`${onlyKey}#${p.name}`],
      needs: [tableKey(table.schema, p.name), ...needs],
    });
    plan.add(Phase.createIndexes, {
      objectKey: key,
      description: `attach index ${child} to ${index.name}`,
      sql: `ALTER INDEX ${quoteQualified(table.schema, index.name)} ATTACH PARTITION ${quoteQualified(table.schema, child)}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget: `${table.schema}.${table.name}`,
      creates: [key],
      needs: [onlyKey, `${onlyKey}#${p.name}`],
    });
  }
}
