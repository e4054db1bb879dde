// planRollback: the pure part of a rollback. Given the live database, the declared schema of the
// version to go back to, and the declared schemas (with their pre-migration dumps) of every update
// since, it works out
//   - which renames to undo (so going back renames instead of drop + add),
//   - which data existed at the target version and was destroyed since (a dropped table, a dropped
//     column, a narrowing type change), and from which dump to bring it back: the dump taken by the
//     update that destroyed it, before its DDL,
//   - a "relaxed" intermediate schema (restored columns nullable, constraints and indexes on
//     restored data left out) to load the data into before the target's constraints go back on,
//   - the DDL plans: live -> relaxed, and (after the data copy) relaxed -> target.
// No I/O: the caller runs it (core/rollback/run-rollback.ts).
import type { BackupTargetConfig } from "../backup/targets";
import { exclusionColumns } from "../model/exclusion";
import type { ColumnModel, SchemaModel, TableModel } from "../model/model";
import { restrictToDeclared } from "../model/objects";
import { buildPlan, type LiveState } from "../plan/plan-changes";
import { columnKey, tableKey } from "../plan/keys";
import { isDestructive, type Plan, type PlanStep } from "../plan/step";
import type { MigrationModel } from "../model/migration";
import { migrationRestores, migrationsToUndo } from "./migration-restores";

/** A later stack version: its declared schema and the dump its update took before any DDL. */
export interface LaterVersion {
  /** How people name it (the stack version number, e.g. "7"). */
  label: string;
  desired: SchemaModel;
  /** Where its pre-migration dump is (manifest uri), or null when that update took none. */
  dump: DumpRef | null;
  /**
   * Whether the update completed. The DDL of a failed update ran only part-way: its destructive
   * steps count only where the live database shows they happened.
   */
  succeeded: boolean;
}

/** A dump and how to reach it (the Backup resource's target config, credentials excluded). */
export interface DumpRef {
  /** The manifest's uri (s3://bucket/key or a path). */
  uri: string;
  /** The dump's key within its target. */
  key: string;
  target: BackupTargetConfig;
}

export type DataRestore =
  | {
      kind: "table";
      schema: string;
      table: string;
      /** The table's columns at the target version (generated columns excluded: Postgres computes them). */
      columns: string[];
      /** The version whose update destroyed the data, and its dump. */
      destroyedBy: string;
      dump: DumpRef | null;
      reason: string;
    }
  | {
      kind: "column";
      schema: string;
      table: string;
      column: string;
      /** The table's primary key at the target version: rows are matched on it. */
      key: string[];
      destroyedBy: string;
      dump: DumpRef | null;
      reason: string;
    };

export interface RollbackPlan {
  /** The target model, with rename hints that undo later renames (what the DDL plans aim at). */
  target: SchemaModel;
  /** The target model exactly as declared at that version (what the database must equal at the end). */
  declared: SchemaModel;
  /** Every table and enum any of the versions declared: the rollback touches nothing else. */
  scope: SchemaModel;
  /** The intermediate schema the data is copied into. */
  relaxed: SchemaModel;
  /** live -> relaxed. */
  plan: Plan;
  /** What comes back from dumps, in the order to copy it (tables first). */
  restores: DataRestore[];
  /** Steps of `plan` that delete data added after the target version (the price of going back). */
  discards: PlanStep[];
  /** Problems that stop the rollback before any change (missing dumps, tables without a key...). */
  blockers: string[];
  /** One-off migrations run since the target: undone by their `down` or restored from the dump. */
  undoMigrations: MigrationModel[];
}

const clone = <T>(x: T): T => structuredClone(x);
const tableId = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

function findTable(model: SchemaModel, schema: string, name: string): TableModel | undefined {
  return model.tables.find((t) => t.schema === schema && t.name === name);
}

/** Every table and enum any of the models declares (by current and previous names). */
export function unionScope(models: readonly SchemaModel[]): SchemaModel {
  const schemas = new Set<string>();
  const out: SchemaModel = { version: null, schemas: [], enums: [], tables: [] };
  for (const m of models) {
    m.schemas.forEach((s) => schemas.add(s));
    out.enums.push(...m.enums);
    out.tables.push(...m.tables);
    if (m.views) (out.views ??= []).push(...m.views);
    // Every other kind too: left out, the live objects vanished from the scoped live model and the
    // rollback planned to create them again (CREATE FUNCTION of a function that exists).
    for (const key of [
      "functions",
      "triggers",
      "domains",
      "compositeTypes",
      "sequences",
      "extensions",
    ] as const)
      if (m[key]) ((out[key] ??= []) as unknown[]).push(...(m[key] as unknown[]));
  }
  out.schemas = [...schemas];
  return out;
}

/**
 * The target with rename hints that undo renames made since: a column `title` renamed to `headline`
 * by a later version gets `renamedFrom: "headline"`, so the planner renames it back.
 */
export function withReverseRenames(
  target: SchemaModel,
  later: readonly SchemaModel[],
  live: SchemaModel,
): SchemaModel {
  const out = clone(target);
  for (const t of out.tables) {
    t.renamedFrom = null;
    for (const c of t.columns) c.renamedFrom = null;
  }
  for (const e of out.enums) {
    e.renamedFrom = null;
    e.renamedValues = {};
  }
  for (const t of out.tables) {
    // Follow the table and each column forward through the later versions.
    let tableName = t.name;
    const columnNames = new Map(t.columns.map((c) => [c.name, c.name]));
    for (const m of later) {
      const renamedTable = m.tables.find((x) => x.schema === t.schema && x.renamedFrom === tableName);
      if (renamedTable && !findTable(m, t.schema, tableName)) tableName = renamedTable.name;
      const now = findTable(m, t.schema, tableName);
      if (!now) continue;
      for (const [original, current] of columnNames) {
        const renamed = now.columns.find((c) => c.renamedFrom === current);
        if (renamed && !now.columns.some((c) => c.name === current)) columnNames.set(original, renamed.name);
      }
    }
    const liveTable = findTable(live, t.schema, tableName);
    if (tableName !== t.name && liveTable && !findTable(live, t.schema, t.name)) t.renamedFrom = tableName;
    if (!liveTable) continue;
    for (const c of t.columns) {
      const current = columnNames.get(c.name);
      if (
        current &&
        current !== c.name &&
        liveTable.columns.some((x) => x.name === current) &&
        !liveTable.columns.some((x) => x.name === c.name)
      ) {
        c.renamedFrom = current;
      }
    }
  }
  return out;
}

function primaryKeyOf(t: TableModel): string[] | undefined {
  const pk = t.constraints.find((c) => c.kind === "primaryKey");
  return pk?.columns;
}

function sameColumnShape(a: ColumnModel, b: ColumnModel): boolean {
  return a.type === b.type;
}

/**
 * Which data that existed at the target version later updates destroyed, and from which dump it
 * comes back. `live` tells whether a failed update got as far as its destructive step.
 */
export function findDataRestores(
  target: SchemaModel,
  later: readonly LaterVersion[],
  live: SchemaModel,
): DataRestore[] {
  // A failed update in the middle of the history was either rolled back or superseded by the next
  // update, which started from whatever it left: compare around it. Only the latest update counts
  // when it failed (its DDL ran part-way: the live database tells what happened).
  later = later.filter((l, i) => l.succeeded || i === later.length - 1);
  const restores: DataRestore[] = [];
  const tablesDone = new Set<string>();
  const columnsDone = new Set<string>();
  const chain: SchemaModel[] = [target, ...later.map((l) => l.desired)];
  // Names of the target's tables/columns as they are called in each later version (renames).
  for (let i = 1; i < chain.length; i++) {
    const version = later[i - 1];
    const forward = buildPlan(chain[i - 1], chain[i], { allowDataLoss: true });
    const destructive = new Set(forward.steps.filter(isDestructive).map((s) => s.objectKey));
    if (destructive.size === 0) continue;
    const renamedTarget = withReverseRenames(
      target,
      later.slice(0, i - 1).map((l) => l.desired),
      chain[i - 1],
    );
    for (const t of renamedTarget.tables) {
      const id = tableId(t);
      if (tablesDone.has(id)) continue;
      const nameThen = t.renamedFrom ?? t.name;
      const tableThen = findTable(chain[i - 1], t.schema, nameThen);
      if (!tableThen) continue;
      const liveTable = findTable(live, t.schema, t.name) ?? findTable(live, t.schema, nameThen);
      if (destructive.has(tableKey(t.schema, nameThen))) {
        if (!version.succeeded && liveTable) continue; // the failed update never dropped it
        tablesDone.add(id);
        restores.push({
          kind: "table",
          schema: t.schema,
          table: t.name,
          columns: t.columns.filter((c) => c.generated === null).map((c) => c.name),
          destroyedBy: version.label,
          dump: version.dump,
          reason: `table ${id} and its rows were dropped by version ${version.label}`,
        });
        continue;
      }
      for (const c of t.columns) {
        const columnThen = c.renamedFrom ?? c.name;
        const cid = `${id}.${c.name}`;
        if (columnsDone.has(cid) || c.generated !== null) continue;
        if (!destructive.has(columnKey(t.schema, nameThen, columnThen))) continue;
        if (!version.succeeded && liveTable) {
          const liveColumn = liveTable.columns.find((x) => x.name === columnThen || x.name === c.name);
          const thenColumn = tableThen.columns.find((x) => x.name === columnThen);
          if (liveColumn && thenColumn && sameColumnShape(liveColumn, thenColumn)) continue;
        }
        columnsDone.add(cid);
        const dropped = !chain[i].tables.some(
          (x) =>
            x.schema === t.schema &&
            x.columns.some((y) => y.name === columnThen || y.renamedFrom === columnThen),
        );
        restores.push({
          kind: "column",
          schema: t.schema,
          table: t.name,
          column: c.name,
          key: primaryKeyOf(t) ?? [],
          destroyedBy: version.label,
          dump: version.dump,
          reason: dropped
            ? `column ${cid} was dropped by version ${version.label}`
            : `column ${cid} lost data in a type change by version ${version.label}`,
        });
      }
    }
  }
  // Columns of restored tables come with the table.
  return [
    ...restores.filter((r) => r.kind === "table"),
    ...restores.filter((r) => r.kind === "column" && !tablesDone.has(`${r.schema}.${r.table}`)),
  ];
}

function mentions(expression: string | null, column: string): boolean {
  if (expression === null) return false;
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$])("${escaped}"|${escaped})([^\\w$]|$)`).test(expression);
}

/** The target with restored data's constraints and indexes left out and restored columns nullable. */
export function relaxForRestore(target: SchemaModel, restores: readonly DataRestore[]): SchemaModel {
  const relaxed = clone(target);
  const restoredTables = new Set(
    restores.filter((r) => r.kind === "table").map((r) => `${r.schema}.${r.table}`),
  );
  const restoredColumns = new Map<string, Set<string>>();
  for (const r of restores) {
    if (r.kind !== "column") continue;
    const id = `${r.schema}.${r.table}`;
    if (!restoredColumns.has(id)) restoredColumns.set(id, new Set());
    restoredColumns.get(id)!.add(r.column);
  }
  for (const t of relaxed.tables) {
    const id = tableId(t);
    if (restoredTables.has(id)) {
      const pk = new Set(primaryKeyOf(t) ?? []);
      t.constraints = t.constraints.filter((c) => c.kind === "primaryKey");
      t.indexes = [];
      for (const c of t.columns) if (!pk.has(c.name)) c.nullable = true;
    }
    const columns = restoredColumns.get(id);
    if (columns) {
      for (const c of t.columns) if (columns.has(c.name)) c.nullable = true;
      t.constraints = t.constraints.filter((k) =>
        k.kind === "check"
          ? ![...columns].some((c) => mentions(k.expression, c))
          : k.kind === "exclusion"
            ? !exclusionColumns(k).some((c) => columns.has(c))
            : k.kind === "primaryKey" || !k.columns.some((c) => columns.has(c)),
      );
      t.indexes = t.indexes.filter(
        (i) =>
          !i.include.some((c) => columns.has(c)) &&
          ![...columns].some((c) => mentions(i.where, c)) &&
          !i.keys.some((k) =>
            k.column !== null ? columns.has(k.column) : [...columns].some((c) => mentions(k.expression, c)),
          ),
      );
    }
    // Foreign keys into a restored table wait until its rows are back.
    t.constraints = t.constraints.filter(
      (k) => k.kind !== "foreignKey" || !restoredTables.has(`${k.references.schema}.${k.references.table}`),
    );
  }
  return relaxed;
}

export interface PlanRollbackOptions {
  /** Every update after the target, oldest first. */
  later: readonly LaterVersion[];
}

/** See the file comment. Pure. */
export function planRollback(
  live: LiveState,
  declared: SchemaModel,
  options: PlanRollbackOptions,
): RollbackPlan {
  const laterModels = options.later.map((l) => l.desired);
  const scope = unionScope([declared, ...laterModels]);
  const target = withReverseRenames(declared, laterModels, live.model);
  // Views a later version declared and the target does not are dropped (the target manages views).
  if (scope.views && !target.views) target.views = [];
  const scopedLive: LiveState = {
    ...live,
    model: restrictToDeclared(live.model, unionScope([scope, target])),
  };
  const found = findDataRestores(declared, options.later, live.model);
  const undo = migrationsToUndo(declared, options.later, live);
  const restores = [...found, ...migrationRestores(declared, undo, found)];
  const undoMigrations = undo.map((u) => u.migration);
  const relaxed = relaxForRestore(target, restores);
  const plan = buildPlan(scopedLive, relaxed, { allowDataLoss: true, undoMigrations });
  const blockers: string[] = [];
  for (const r of restores) {
    if (!r.dump)
      blockers.push(`${r.reason}, but that update took no pre-migration dump: the data cannot be restored`);
    if (r.kind === "column" && r.key.length === 0)
      blockers.push(`${r.reason}, but ${r.schema}.${r.table} has no primary key to match rows on`);
    if (r.kind === "column") {
      const liveTable = findTable(live.model, r.schema, r.table);
      const keyMissing = r.key.filter((k) => !liveTable?.columns.some((c) => c.name === k));
      if (liveTable && keyMissing.length)
        blockers.push(`${r.reason}, but the live table lacks key column(s) ${keyMissing.join(", ")}`);
    }
    const t = findTable(declared, r.schema, r.table);
    const identity = t?.columns.find(
      (c) => c.name === (r.kind === "column" ? r.column : "") && c.identity === "always",
    );
    if (identity)
      blockers.push(
        `${r.reason}, but it is an identity (always) column: restoring its values is not supported`,
      );
  }
  const restoredKeys = new Set(
    restores.map((r) =>
      r.kind === "table" ? tableKey(r.schema, r.table) : columnKey(r.schema, r.table, r.column),
    ),
  );
  const discards = plan.steps.filter((s) => isDestructive(s) && !restoredKeys.has(s.objectKey));
  return { target, declared, scope, relaxed, plan, restores, discards, blockers, undoMigrations };
}
