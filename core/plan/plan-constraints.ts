// Constraint changes of one existing table: renames for same-definition pairs, online adds
// (unique index built concurrently then attached; CHECK / FOREIGN KEY added NOT VALID then validated).
import { canonicalJson } from "../model/canonical";
import type { ConstraintModel, TableModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, constraintBody, constraintDefinition } from "./ddl";
import { blocksEverything, hazard } from "./hazards";
import { constraintKeys, constraintNeeds } from "./dependencies";
import { constraintKey, tableKey } from "./keys";
import { matchByName } from "./match-by-name";

export interface ConstraintContext {
  plan: PlanBuilder;
  table: TableModel;
  offline: boolean;
  notValid: ReadonlySet<string>;
  /** Keys of live foreign keys that must be dropped and added again (their referenced key changes). */
  forcedForeignKeys: ReadonlySet<string>;
  /** Desired tables by "schema.name", for what foreign keys need. */
  desiredTables: ReadonlyMap<string, TableModel>;
  /** Live foreign keys that close a cycle, and tables in one (for descriptions). */
  foreignKeyCycles?: ReadonlyMap<string, string>;
}

/** Same definition? (the comment changes in place) */
export function sameConstraint(a: ConstraintModel, b: ConstraintModel): boolean {
  const { comment: _a, ...x } = a;
  const { comment: _b, ...y } = b;
  return canonicalJson(x) === canonicalJson(y);
}

export function planConstraintComment(ctx: ConstraintContext, c: ConstraintModel): void {
  const { plan, table } = ctx;
  plan.add(Phase.comments, {
    objectKey: constraintKey(table.schema, table.name, c.name),
    description: `set comment of constraint ${c.name} of ${table.schema}.${table.name}`,
    sql: `COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON ${quoteQualified(table.schema, table.name)} IS ${commentLiteral(c.comment ?? null)}`,
    lock: "none",
    needs: [constraintKey(table.schema, table.name, c.name)],
  });
}

/** `why`: said in the description, e.g. the foreign-key cycle the drop breaks. */
export function planDropConstraint(ctx: ConstraintContext, c: ConstraintModel, why?: string): void {
  const { plan, table } = ctx;
  plan.add(c.kind === "foreignKey" ? Phase.dropForeignKeys : Phase.dropConstraints, {
    objectKey: constraintKey(table.schema, table.name, c.name),
    description: `drop constraint ${c.name} of ${table.schema}.${table.name}${why ? ` (${why})` : ""}`,
    sql: `ALTER TABLE ${quoteQualified(table.schema, table.name)} DROP CONSTRAINT ${quoteIdent(c.name)}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    drops: constraintKeys(table, c),
    needs: [tableKey(table.schema, table.name)],
  });
}

/** Adds a constraint to a table that may hold rows. `newTable`: the table is created by this plan (empty). */
export function planAddConstraint(ctx: ConstraintContext, c: ConstraintModel, newTable: boolean): void {
  planAddConstraintDefinition(ctx, c, newTable);
  if (c.comment !== undefined) planConstraintComment(ctx, c);
}

function planAddConstraintDefinition(ctx: ConstraintContext, c: ConstraintModel, newTable: boolean): void {
  const { plan, table } = ctx;
  const key = constraintKey(table.schema, table.name, c.name);
  const lockTarget = `${table.schema}.${table.name}`;
  const alter = `ALTER TABLE ${quoteQualified(table.schema, table.name)}`;
  // Postgres builds no index concurrently on a partitioned table and (before 18) adds no NOT VALID
  // foreign key to one: those constraints are added in the blocking form, and say so.
  const online = !newTable && !ctx.offline && table.partitionBy === undefined;
  const cycle = ctx.foreignKeyCycles?.get(key);
  const what = `${c.name} on ${table.schema}.${table.name}${cycle ? ` (${cycle})` : ""}`;
  const needs = constraintNeeds(table, c, ctx.desiredTables);
  if (c.kind === "primaryKey" || c.kind === "unique") {
    const duplicates = hazard.mayFailOnExistingData(`fails if ${c.columns.join(", ")} has duplicate values`);
    if (!online) {
      plan.add(Phase.addKeys, {
        objectKey: key,
        description: `add ${c.kind === "primaryKey" ? "primary key" : "unique constraint"} ${what}`,
        sql: `${alter} ADD ${constraintDefinition(c)}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget,
        hazards: newTable
          ? []
          : [duplicates, hazard.indexBuild(), hazard.blocksWrites("builds the index under ACCESS EXCLUSIVE")],
        creates: constraintKeys(table, c),
        needs,
      });
      return;
    }
    const nulls = c.kind === "unique" && c.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
    plan.add(Phase.addKeys, {
      objectKey: key,
      description: `build unique index ${c.name} concurrently for ${what}`,
      sql: `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(c.name)} ON ${quoteQualified(table.schema, table.name)} (${c.columns.map(quoteIdent).join(", ")})${nulls}`,
      transactional: false,
      lock: "SHARE UPDATE EXCLUSIVE",
      lockTarget,
      hazards: [hazard.indexBuild(), duplicates],
      onFailure: { dropInvalidIndex: { schema: table.schema, name: c.name } },
      creates: [constraintKeys(table, c)[1]],
      needs,
    });
    const deferral =
      c.kind === "unique" && c.deferrable
        ? c.initiallyDeferred
          ? " DEFERRABLE INITIALLY DEFERRED"
          : " DEFERRABLE"
        : "";
    plan.add(Phase.addKeys, {
      objectKey: key,
      description: `attach index ${c.name} as ${c.kind === "primaryKey" ? "primary key" : "unique constraint"}`,
      sql: `${alter} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.kind === "primaryKey" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${quoteIdent(c.name)}${deferral}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      creates: [key],
      needs: [...needs, constraintKeys(table, c)[1]],
    });
    return;
  }
  if (c.kind === "exclusion") {
    // No NOT VALID and no USING INDEX for exclusion constraints: the index is built under the lock.
    plan.add(Phase.addKeys, {
      objectKey: key,
      description: `add exclusion constraint ${what}`,
      sql: `${alter} ADD ${constraintDefinition(c)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      hazards: newTable
        ? []
        : [
            hazard.mayFailOnExistingData(`fails if existing rows conflict under ${c.name}`),
            hazard.indexBuild(),
            ...blocksEverything("builds the constraint's index"),
          ],
      creates: constraintKeys(table, c),
      needs,
    });
    return;
  }
  const phase = c.kind === "check" ? Phase.addChecks : Phase.addForeignKeys;
  const lock = c.kind === "check" ? "ACCESS EXCLUSIVE" : "SHARE ROW EXCLUSIVE";
  const failure = hazard.mayFailOnExistingData(
    c.kind === "check"
      ? `fails if existing rows violate ${c.expression}`
      : `fails if existing rows reference missing ${c.references.table} rows`,
  );
  if (!online) {
    plan.add(phase, {
      objectKey: key,
      description: `add ${c.kind === "check" ? "check" : "foreign key"} ${what}`,
      sql: `${alter} ADD ${constraintDefinition(c)}`,
      lock,
      lockTarget,
      hazards: newTable ? [] : [failure, hazard.blocksWrites("scans the table while holding the lock")],
      creates: [key],
      needs,
    });
    return;
  }
  plan.add(phase, {
    objectKey: key,
    description: `add ${c.kind === "check" ? "check" : "foreign key"} ${what} NOT VALID`,
    sql: `${alter} ADD CONSTRAINT ${quoteIdent(c.name)} ${constraintBody(c)} NOT VALID`,
    lock,
    lockTarget,
    creates: [key],
    needs,
  });
  planValidate(ctx, c, phase === Phase.addChecks ? Phase.addChecks : Phase.validateConstraints, failure);
}

function planValidate(
  ctx: ConstraintContext,
  c: ConstraintModel,
  phase: number,
  failure = hazard.mayFailOnExistingData("fails if existing rows violate it"),
): void {
  const { plan, table } = ctx;
  plan.add(phase, {
    objectKey: constraintKey(table.schema, table.name, c.name),
    description: `validate ${c.name} on ${table.schema}.${table.name}`,
    sql: `ALTER TABLE ${quoteQualified(table.schema, table.name)} VALIDATE CONSTRAINT ${quoteIdent(c.name)}`,
    lock: "SHARE UPDATE EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    hazards: [failure],
  });
}

export function planConstraintChanges(ctx: ConstraintContext, live: TableModel, desired: TableModel): void {
  const { plan, table } = ctx;
  const {
    dropped: liveOnly,
    added: desiredOnly,
    renamed,
  } = matchByName(live.constraints, desired.constraints);
  for (const { from: match, to: d } of renamed) {
    plan.add(Phase.renameConstraints, {
      objectKey: constraintKey(table.schema, table.name, d.name),
      description: `rename constraint ${match.name} of ${table.schema}.${table.name} to ${d.name}`,
      sql: `ALTER TABLE ${quoteQualified(table.schema, table.name)} RENAME CONSTRAINT ${quoteIdent(match.name)} TO ${quoteIdent(d.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${table.schema}.${table.name}`,
      drops: constraintKeys(table, match),
      creates: constraintKeys(table, d),
      needs: [tableKey(table.schema, table.name)],
      rename: {
        from: constraintKey(table.schema, table.name, match.name),
        to: constraintKey(table.schema, table.name, d.name),
      },
    });
    if (ctx.notValid.has(constraintKey(table.schema, table.name, match.name)))
      planValidate(ctx, d, Phase.validateConstraints);
  }
  for (const l of liveOnly) planDropConstraint(ctx, l);
  for (const d of desiredOnly) planAddConstraint(ctx, d, false);
  for (const d of desired.constraints) {
    const l = live.constraints.find((x) => x.name === d.name);
    if (!l) continue;
    const key = constraintKey(table.schema, table.name, d.name);
    if (!sameConstraint(l, d) || ctx.forcedForeignKeys.has(key)) {
      planDropConstraint(ctx, l);
      planAddConstraint(ctx, d, false);
      continue;
    } else if (ctx.notValid.has(key)) {
      planValidate(ctx, d, Phase.validateConstraints);
    }
    if ((l.comment ?? null) !== (d.comment ?? null)) planConstraintComment(ctx, d);
  }
}
