// One-off migrations (issue 18): hand-written SQL run once per database, as a step of the plan.
// Each runs in one transaction with the statement that records it in schemastack.data_migration
// (so it runs exactly once, and a failure leaves no record and no change), ordered against the
// schema steps by what it declares: `after` an object (the new column exists) and `before` one
// (the old column is not dropped yet). Without either it runs after the additions and before the
// drops, where both the old and the new shape exist.
import { createHash } from "crypto";
import { type MigrationModel, migrationTable } from "../model/migration";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { hazard } from "./hazards";

/** Where one-off migrations are recorded (beside the version row). */
const table = quoteQualified(migrationTable.schema, migrationTable.name);

export const migrationKey = (name: string) => `migration:${name}`;

export function migrationChecksum(m: Pick<MigrationModel, "sql">): string {
  return createHash("sha256").update(m.sql).digest("hex");
}

const ensureTableSql =
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(migrationTable.schema)}; ` +
  `CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, sha256 text NOT NULL, ` +
  "down text, applied_at timestamptz NOT NULL DEFAULT now())";

/** Does the step change `key`, or (for a table key) one of its columns, constraints or indexes? */
function touches(step: { objectKey: string; creates: string[]; drops: string[] }, key: string): boolean {
  const keys = [step.objectKey, ...step.creates, ...step.drops];
  if (keys.includes(key)) return true;
  if (!key.startsWith("table:")) return false;
  const prefix = `${key.slice("table:".length)}.`;
  return keys.some(
    (k) => /^(column|constraint|index):/.test(k) && k.slice(k.indexOf(":") + 1).startsWith(prefix),
  );
}

/** Steps for the declared migrations the database has not run yet (`applied`: their names). */
export function planMigrations(plan: PlanBuilder, desired: SchemaModel, applied: ReadonlySet<string>): void {
  for (const m of desired.migrations ?? []) {
    if (applied.has(m.name)) continue;
    const key = migrationKey(m.name);
    const group = `migration-${m.name}`;
    const schemaSteps = plan.all();
    plan.add(Phase.dataMigrations, {
      objectKey: key,
      description: `prepare ${table} for migration ${m.name}`,
      sql: ensureTableSql,
      lock: "none",
      group,
      needs: m.after,
    });
    plan.add(Phase.dataMigrations, {
      objectKey: key,
      description: `run migration ${m.name} (once per database)`,
      sql: m.sql,
      lock: "ROW EXCLUSIVE",
      group,
      hazards: [
        hazard.mayFailOnExistingData(
          "hand-written SQL over existing rows: the staging rehearsal runs it on a copy of prod first",
        ),
        ...(m.down === null
          ? [hazard.notReversible("no `down` declared: rollback restores the pre-migration dump")]
          : []),
      ],
      creates: [key],
      needs: m.after,
    });
    plan.add(Phase.dataMigrations, {
      objectKey: key,
      description: `record migration ${m.name} in ${table}`,
      sql:
        `INSERT INTO ${table} (name, sha256, down) VALUES (${quoteLiteral(m.name)}, ` +
        `${quoteLiteral(migrationChecksum(m))}, ${m.down === null ? "NULL" : quoteLiteral(m.down)})`,
      lock: "ROW EXCLUSIVE",
      group,
      needs: [],
    });
    // `before`: every step that changes the object waits for the migration.
    for (const step of schemaSteps) {
      if (m.before.some((b) => touches(step, b)) && !step.needs.includes(key)) step.needs.push(key);
    }
  }
}

export const migrationUndoKey = (name: string) => `migration-undo:${name}`;

/**
 * Rollback of one-off migrations the database has run (`applied`) that the target no longer
 * declares: each `down` runs (with the removal of its record, in one transaction) while both shapes
 * exist, i.e. the reverse of the migration's order: after its `before` objects are back, before
 * its `after` objects go. A migration without `down` is only forgotten: rollback restores the
 * columns it names from the pre-migration dump (core/rollback/migration-restores.ts).
 */
export function planMigrationUndos(
  plan: PlanBuilder,
  undo: readonly MigrationModel[],
  applied: ReadonlySet<string>,
): void {
  for (const m of undo) {
    if (!applied.has(m.name)) continue;
    const key = migrationUndoKey(m.name);
    const group = `migration-undo-${m.name}`;
    const schemaSteps = plan.all();
    if (m.down === null) {
      // Its data comes back from the dump; forgetting it lets a later roll-forward run it again.
      plan.add(Phase.dataMigrations, {
        objectKey: key,
        description: `forget migration ${m.name} (no down: what it names is restored from the pre-migration dump)`,
        sql: `DELETE FROM ${table} WHERE name = ${quoteLiteral(m.name)}`,
        lock: "ROW EXCLUSIVE",
        group,
        needs: [],
      });
      continue;
    }
    plan.add(Phase.dataMigrations, {
      objectKey: key,
      description: `undo migration ${m.name} (its declared down)`,
      sql: m.down,
      lock: "ROW EXCLUSIVE",
      group,
      hazards: [hazard.mayFailOnExistingData("hand-written SQL over existing rows")],
      creates: [key],
      needs: m.before,
    });
    plan.add(Phase.dataMigrations, {
      objectKey: key,
      description: `remove migration ${m.name} from ${table}`,
      sql: `DELETE FROM ${table} WHERE name = ${quoteLiteral(m.name)}`,
      lock: "ROW EXCLUSIVE",
      group,
      needs: [],
    });
    for (const step of schemaSteps) {
      if (m.after.some((a) => touches(step, a)) && !step.needs.includes(key)) step.needs.push(key);
    }
  }
}
