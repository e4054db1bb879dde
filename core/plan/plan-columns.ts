// Column changes of a table that exists on both sides (after renames).
import { createHash } from "crypto";
import type { ColumnModel, TableModel } from "../model/model";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { columnDefinition, commentLiteral, quoteCollation } from "./ddl";
import { blocksEverything, hazard } from "./hazards";
import type { TypeKeyOf } from "./dependencies";
import { columnKey, tableKey } from "./keys";
import type { Hazard } from "./step";
import { isLossyTypeChange, isMetadataOnlyTypeChange } from "./type-change";
import { planBackfill } from "./plan-backfill";
import {
  conversionFailure,
  rewriteMessage,
  usingCheck,
  usingDescription,
  usingKeepsValues,
} from "./plan-using";

/** Defaults Postgres must evaluate per row, which makes ADD COLUMN rewrite the table. */
const volatileDefault =
  /\b(random|gen_random_uuid|uuid_generate_v\d\w*|clock_timestamp|timeofday|nextval)\s*\(/i;

/** A short, collision-free name for the temporary CHECK (col IS NOT NULL) constraint. */
export function notNullCheckName(table: string, column: string): string {
  const hash = createHash("sha256").update(`${table}\u0000${column}`).digest("hex").slice(0, 12);
  return `schemastack_nn_${hash}`;
}

/** How existing values convert: a scalar becomes a one-element array, an array keeps its first element, else a cast. */
export function usingExpression(column: string, from: string, to: string): string {
  if (to === `${from}[]`) return `CASE WHEN ${column} IS NULL THEN NULL ELSE ARRAY[${column}] END`;
  if (from === `${to}[]`) return `${column}[1]`;
  return `${column}::${to}`;
}

interface ColumnContext {
  plan: PlanBuilder;
  table: TableModel;
  offline: boolean;
  typeKeyOf: TypeKeyOf;
  /** Column keys whose backfill was interrupted (schemastack.backfill_progress): it resumes. */
  pendingBackfills?: ReadonlySet<string>;
}

/** The table and the column's own (enum) type. */
function typeNeeds(ctx: ColumnContext, c: ColumnModel): string[] {
  const type = ctx.typeKeyOf(c.type);
  return [tableKey(ctx.table.schema, ctx.table.name), ...(type ? [type] : [])];
}

function target(t: TableModel): string {
  return quoteQualified(t.schema, t.name);
}

export function planAddColumn(ctx: ColumnContext, declared: ColumnModel): void {
  const { plan, table } = ctx;
  // A backfilled column is added nullable, filled, then made NOT NULL (core/plan/plan-backfill.ts).
  const c = declared.backfill ? { ...declared, nullable: true } : declared;
  const hazards: Hazard[] = [];
  const rewrites =
    c.identity !== null || c.generated !== null || (c.default !== null && volatileDefault.test(c.default));
  if (rewrites)
    hazards.push(
      hazard.rewritesTable("fills every existing row, rewriting the table"),
      ...blocksEverything("rewrites the table"),
    );
  if (!c.nullable && c.default === null && c.identity === null && c.generated === null) {
    hazards.push(hazard.mayFailOnExistingData("NOT NULL without a default fails if the table has rows"));
  }
  plan.add(Phase.addColumns, {
    objectKey: columnKey(table.schema, table.name, c.name),
    description: `add column ${c.name} to ${table.schema}.${table.name}`,
    sql: `ALTER TABLE ${target(table)} ADD COLUMN ${columnDefinition(c)}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    hazards,
    creates: [columnKey(table.schema, table.name, c.name)],
    needs: typeNeeds(ctx, c),
  });
  if (c.comment !== null) planColumnComment(ctx, c);
  if (declared.backfill) {
    planBackfill(ctx, declared, { fresh: true, retyped: false });
    if (!declared.nullable) planSetNotNull(ctx, declared);
  }
}

export function planDropColumn(
  ctx: ColumnContext,
  c: ColumnModel,
  phase: number = Phase.dropColumns,
  group?: string,
): void {
  const { plan, table } = ctx;
  plan.add(phase, {
    objectKey: columnKey(table.schema, table.name, c.name),
    description: `drop column ${c.name} of ${table.schema}.${table.name}`,
    sql: `ALTER TABLE ${target(table)} DROP COLUMN ${quoteIdent(c.name)}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    group,
    hazards:
      c.generated !== null
        ? [hazard.notReversible("drops a generated column (its values are recomputed if added again)")]
        : [
            hazard.deletesData(`drops column ${table.schema}.${table.name}.${c.name} and its data`),
            hazard.notReversible("the data is gone"),
          ],
    drops: [columnKey(table.schema, table.name, c.name)],
    needs: [tableKey(table.schema, table.name)],
  });
}

function planColumnComment(ctx: ColumnContext, c: ColumnModel): void {
  const { plan, table } = ctx;
  plan.add(Phase.comments, {
    objectKey: columnKey(table.schema, table.name, c.name),
    description: `set comment of column ${table.schema}.${table.name}.${c.name}`,
    sql: `COMMENT ON COLUMN ${target(table)}.${quoteIdent(c.name)} IS ${commentLiteral(c.comment)}`,
    lock: "SHARE UPDATE EXCLUSIVE",
    lockTarget: `${table.schema}.${table.name}`,
    needs: [columnKey(table.schema, table.name, c.name)],
  });
}

/** NOT NULL without a long ACCESS EXCLUSIVE scan: a NOT VALID check, validated under a weaker lock, then SET NOT NULL uses it. */
function planSetNotNull(ctx: ColumnContext, c: ColumnModel): void {
  const { plan, table } = ctx;
  const key = columnKey(table.schema, table.name, c.name);
  const lockTarget = `${table.schema}.${table.name}`;
  const alter = `ALTER TABLE ${target(table)}`;
  const failure = hazard.mayFailOnExistingData(`fails if ${c.name} has NULLs`);
  if (ctx.offline) {
    plan.add(Phase.setNotNull, {
      objectKey: key,
      description: `set ${table.schema}.${table.name}.${c.name} NOT NULL`,
      sql: `${alter} ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      hazards: [failure, ...blocksEverything("scans the table")],
    });
    return;
  }
  const check = quoteIdent(notNullCheckName(table.name, c.name));
  plan.add(Phase.setNotNull, {
    objectKey: key,
    description: `add NOT VALID check ${c.name} IS NOT NULL on ${table.schema}.${table.name}`,
    sql: `${alter} ADD CONSTRAINT ${check} CHECK (${quoteIdent(c.name)} IS NOT NULL) NOT VALID`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget,
  });
  plan.add(Phase.setNotNull, {
    objectKey: key,
    description: `validate ${c.name} IS NOT NULL on ${table.schema}.${table.name}`,
    sql: `${alter} VALIDATE CONSTRAINT ${check}`,
    lock: "SHARE UPDATE EXCLUSIVE",
    lockTarget,
    hazards: [failure],
  });
  const group = `not-null-${key}`;
  plan.add(Phase.setNotNull, {
    objectKey: key,
    description: `set ${table.schema}.${table.name}.${c.name} NOT NULL (uses the validated check, no scan)`,
    sql: `${alter} ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget,
    group,
  });
  plan.add(Phase.setNotNull, {
    objectKey: key,
    description: `drop the temporary check on ${table.schema}.${table.name}.${c.name}`,
    sql: `${alter} DROP CONSTRAINT ${check}`,
    lock: "ACCESS EXCLUSIVE",
    lockTarget,
    group,
  });
}

export function planAlterColumn(ctx: ColumnContext, live: ColumnModel, desired: ColumnModel): void {
  const { plan, table } = ctx;
  const key = columnKey(table.schema, table.name, desired.name);
  const lockTarget = `${table.schema}.${table.name}`;
  const alter = `ALTER TABLE ${target(table)} ALTER COLUMN ${quoteIdent(desired.name)}`;
  const group = `alter-${key}`;

  // Generated columns cannot be altered into another expression: drop and add again.
  if (desired.generated !== null && live.generated !== desired.generated) {
    planDropColumn(ctx, live, Phase.alterColumns, group);
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `add column ${desired.name} to ${table.schema}.${table.name} as generated`,
      sql: `ALTER TABLE ${target(table)} ADD COLUMN ${columnDefinition(desired)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
      hazards: [
        hazard.rewritesTable("computes the generated column for every row"),
        ...blocksEverything("rewrites the table"),
      ],
      creates: [key],
      needs: typeNeeds(ctx, desired),
    });
    if (live.comment !== desired.comment || desired.comment !== null) planColumnComment(ctx, desired);
    return;
  }
  if (live.generated !== null && desired.generated === null) {
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `turn generated column ${desired.name} of ${table.schema}.${table.name} into a plain column`,
      sql: `${alter} DROP EXPRESSION`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
    });
  }

  const typeChanged = live.type !== desired.type || live.collation !== desired.collation;
  const defaultChanged = live.default !== desired.default;
  if (live.identity !== null && desired.identity === null) {
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `drop identity of ${table.schema}.${table.name}.${desired.name}`,
      sql: `${alter} DROP IDENTITY IF EXISTS`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
      hazards: [hazard.notReversible("the identity sequence and its position are dropped")],
    });
  }
  // SET DEFAULT replaces a default in place; it is dropped first only when it goes away, or around a
  // type change (the old default may not cast to the new type).
  if (live.default !== null && (typeChanged || (defaultChanged && desired.default === null))) {
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `drop default of ${table.schema}.${table.name}.${desired.name}`,
      sql: `${alter} DROP DEFAULT`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
    });
  }
  if (typeChanged) {
    const metadataOnly =
      usingKeepsValues(desired) &&
      live.collation === desired.collation &&
      isMetadataOnlyTypeChange(live.type, desired.type);
    const hazards: Hazard[] = [];
    if (!metadataOnly) {
      hazards.push(
        hazard.rewritesTable(rewriteMessage(table, desired)),
        ...blocksEverything("rewrites the table"),
      );
      hazards.push(hazard.mayFailOnExistingData(conversionFailure(live, desired)));
    }
    if (isLossyTypeChange(live.type, desired.type)) {
      hazards.push(
        hazard.deletesData(`converting ${live.type} to ${desired.type} loses precision or information`),
      );
    }
    if (live.type === `${desired.type}[]`) {
      hazards.push(hazard.deletesData("keeps only the first element of each array"));
    }
    const collate = desired.collation !== null ? ` COLLATE ${quoteCollation(desired.collation)}` : "";
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `change type of ${table.schema}.${table.name}.${desired.name} from ${live.type} to ${desired.type}${collate}${usingDescription(desired, metadataOnly)}`,
      sql: `${alter} TYPE ${desired.type}${collate} USING ${desired.using ?? usingExpression(quoteIdent(desired.name), live.type, desired.type)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
      hazards,
      ...usingCheck(table, desired),
      drops: [key],
      creates: [key],
      needs: typeNeeds(ctx, desired),
    });
  }
  if (desired.default !== null && (defaultChanged || typeChanged)) {
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `set default of ${table.schema}.${table.name}.${desired.name}`,
      sql: `${alter} SET DEFAULT ${desired.default}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
      needs: [key, ...typeNeeds(ctx, desired)],
    });
  }
  if (live.nullable !== desired.nullable) {
    if (desired.nullable) {
      plan.add(Phase.alterColumns, {
        objectKey: key,
        description: `drop NOT NULL of ${table.schema}.${table.name}.${desired.name}`,
        sql: `${alter} DROP NOT NULL`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget,
        group,
      });
    } else {
      planSetNotNull(ctx, desired);
    }
  }
  if (desired.identity !== null && live.identity === null) {
    // After SET NOT NULL (identity needs it); the sequence starts past existing values.
    const identityGroup = `identity-${key}`;
    plan.add(Phase.setNotNull, {
      objectKey: key,
      description: `make ${table.schema}.${table.name}.${desired.name} an identity column`,
      sql: `${alter} ADD GENERATED ${desired.identity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group: identityGroup,
    });
    plan.add(Phase.setNotNull, {
      objectKey: key,
      description: `start the identity of ${table.schema}.${table.name}.${desired.name} after the largest existing value`,
      sql:
        `SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(${quoteLiteral(target(table))}, ${quoteLiteral(desired.name)}), ` +
        `coalesce(max(${quoteIdent(desired.name)}), 0) + 1, false) FROM ${target(table)}`,
      lock: "ACCESS SHARE",
      lockTarget,
      group: identityGroup,
    });
  } else if (desired.identity !== null && live.identity !== desired.identity) {
    plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `make ${table.schema}.${table.name}.${desired.name} GENERATED ${desired.identity.toUpperCase()}`,
      sql: `${alter} SET GENERATED ${desired.identity === "always" ? "ALWAYS" : "BY DEFAULT"}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget,
      group,
    });
  }
  if (live.comment !== desired.comment) planColumnComment(ctx, desired);
  const resumes = ctx.pendingBackfills?.has(key) ?? false;
  if (desired.backfill && live.nullable && (!desired.nullable || resumes))
    planBackfill(ctx, desired, { fresh: false, retyped: typeChanged });
}
