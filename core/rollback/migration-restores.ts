// Rollback of one-off migrations (issue 18). A migration the database ran since the target version
// is undone by its declared `down` (a plan step, core/plan/plan-migrations.ts) or, without one, by
// restoring from the pre-migration dump of the update that ran it the columns it names in
// `before` / `after` that exist at the target (for a table named as a whole, all its columns but
// the primary key; rows matched by primary key, as for a dropped column): the data as it was before
// the migration. Pure.
import type { MigrationModel } from "../model/migration";
import type { SchemaModel } from "../model/model";
import type { LiveState } from "../plan/plan-changes";
import type { DataRestore, LaterVersion } from "./plan-rollback";

export interface MigrationToUndo {
  migration: MigrationModel;
  /** The later version that declared it first (its update ran it, after taking its dump). */
  version: LaterVersion;
}

/** Migrations the database ran that later versions declared and the target does not. */
export function migrationsToUndo(
  target: SchemaModel,
  later: readonly LaterVersion[],
  live: LiveState,
): MigrationToUndo[] {
  const applied = new Set(live.dataMoves?.appliedMigrations ?? []);
  const atTarget = new Set((target.migrations ?? []).map((m) => m.name));
  const out = new Map<string, MigrationToUndo>();
  for (const version of later) {
    for (const m of version.desired.migrations ?? []) {
      if (applied.has(m.name) && !atTarget.has(m.name) && !out.has(m.name))
        out.set(m.name, { migration: m, version });
    }
  }
  return [...out.values()];
}

/** Column restores for migrations without `down`, skipping columns already restored. */
export function migrationRestores(
  target: SchemaModel,
  undo: readonly MigrationToUndo[],
  already: readonly DataRestore[],
): DataRestore[] {
  const out: DataRestore[] = [];
  const done = new Set(
    already.flatMap((r) =>
      r.kind === "table"
        ? [`${r.schema}.${r.table}`]
        : r.kind === "column"
          ? [`${r.schema}.${r.table}.${r.column}`]
          : [],
    ),
  );
  for (const { migration, version } of undo) {
    if (migration.down !== null) continue;
    for (const key of [...migration.before, ...migration.after].flatMap((k) => columnKeysOf(k, target))) {
      const m = /^column:([^.]+)\.([^.]+)\.(.+)$/.exec(key);
      if (!m) continue;
      const [, schema, table, column] = m;
      const t = target.tables.find((x) => x.schema === schema && x.name === table);
      const c = t?.columns.find((x) => x.name === column);
      if (!t || !c || c.generated !== null) continue;
      if (done.has(`${schema}.${table}`) || done.has(`${schema}.${table}.${column}`)) continue;
      done.add(`${schema}.${table}.${column}`);
      out.push({
        kind: "column",
        schema,
        table,
        column,
        key: t.constraints.find((k) => k.kind === "primaryKey")?.columns ?? [],
        destroyedBy: version.label,
        dump: version.dump,
        reason: `column ${schema}.${table}.${column} may have been changed by migration ${migration.name} of version ${version.label} (no down declared)`,
      });
    }
  }
  return out;
}

/**
 * A migration ordered against a whole table (`table:s.t`) may have rewritten any of its columns:
 * all of them but the primary key (which matches the rows) are restored. A column key stays as is.
 */
function columnKeysOf(key: string, target: SchemaModel): string[] {
  const m = /^table:([^.]+)\.(.+)$/.exec(key);
  if (!m) return [key];
  const [, schema, table] = m;
  const t = target.tables.find((x) => x.schema === schema && x.name === table);
  if (!t) return [];
  const primaryKey = t.constraints.find((k) => k.kind === "primaryKey")?.columns ?? [];
  return t.columns
    .filter((c) => !primaryKey.includes(c.name))
    .map((c) => `column:${schema}.${table}.${c.name}`);
}
