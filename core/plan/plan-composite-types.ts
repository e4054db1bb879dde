// Composite types: CREATE TYPE ... AS (...), then ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE.
// Postgres appends added attributes and refuses to change the type of an attribute while a table
// column uses the type; such changes (and reorders) are refused here, before anything runs.
import type { CompositeTypeModel } from "../model/composite-type";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, quoteCollation } from "./ddl";
import type { TypeKeyOf } from "./dependencies";
import { blocksEverything, hazard } from "./hazards";
import { schemaKey } from "./keys";
import { UnsupportedChangeError } from "./step";

export const compositeTypeKey = (schema: string, name: string) => `type:${schema}.${name}`;

const label = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

function attributeSql(a: CompositeTypeModel["attributes"][number]): string {
  return `${quoteIdent(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${quoteCollation(a.collation)}` : ""}`;
}

export interface CompositeTypeContext {
  plan: PlanBuilder;
  typeKeyOf: TypeKeyOf;
}

function usedBy(live: SchemaModel, t: CompositeTypeModel): string[] {
  const type = quoteQualified(t.schema, t.name);
  return live.tables.flatMap((x) =>
    x.columns
      .filter((c) => c.type === type || c.type === `${type}[]`)
      .map((c) => `${x.schema}.${x.name}.${c.name}`),
  );
}

function planComment(plan: PlanBuilder, t: CompositeTypeModel): void {
  plan.add(Phase.comments, {
    objectKey: compositeTypeKey(t.schema, t.name),
    description: `set comment of composite type ${label(t)}`,
    sql: `COMMENT ON TYPE ${quoteQualified(t.schema, t.name)} IS ${commentLiteral(t.comment)}`,
    lock: "none",
    needs: [compositeTypeKey(t.schema, t.name)],
  });
}

/** Columns of live tables typed by the composite type that keep that type. */
function columnsOf(live: SchemaModel, desired: SchemaModel, t: CompositeTypeModel) {
  const type = quoteQualified(t.schema, t.name);
  return live.tables.flatMap((x) => {
    const dt = desired.tables.find((y) => y.schema === x.schema && y.name === x.name);
    return x.columns
      .filter((c) => c.type === type && dt?.columns.find((y) => y.name === c.name)?.type === type)
      .map((c) => ({ schema: x.schema, table: x.name, column: c.name }));
  });
}

/**
 * A change ALTER TYPE cannot make while columns use the type (an attribute's type, a new order):
 * the old type is renamed aside, the new one created, each column converted value by value (kept
 * attributes cast to their new type, new ones NULL; a NULL value stays NULL), the old one dropped.
 */
function planRecreate(
  ctx: CompositeTypeContext,
  live: SchemaModel,
  desired: SchemaModel,
  l: CompositeTypeModel,
  d: CompositeTypeModel,
): void {
  const key = compositeTypeKey(d.schema, d.name);
  const type = quoteQualified(d.schema, d.name);
  if (live.tables.some((t) => t.columns.some((c) => c.type === `${type}[]`)))
    throw new UnsupportedChangeError(
      key,
      "changing a composite type that array columns use is not supported: declare a new type and migrate the columns",
    );
  const aside = `${d.name.slice(0, 40)}__schemastack_old`;
  const asideKey = `${key}#old`;
  const lost = l.attributes.filter((a) => !d.attributes.some((x) => x.name === a.name)).map((a) => a.name);
  ctx.plan.add(Phase.enumRenames, {
    objectKey: key,
    description: `rename composite type ${label(d)} aside to ${aside} (ALTER TYPE cannot make this change while columns use it)`,
    sql: `ALTER TYPE ${type} RENAME TO ${quoteIdent(aside)}`,
    lock: "none",
    drops: [key],
    creates: [asideKey],
    needs: [],
  });
  ctx.plan.add(Phase.createEnums, {
    objectKey: key,
    description: `create composite type ${label(d)}`,
    sql: `CREATE TYPE ${type} AS (${d.attributes.map(attributeSql).join(", ")})`,
    lock: "none",
    creates: [key],
    needs: [schemaKey(d.schema), asideKey, ...d.attributes.flatMap((a) => ctx.typeKeyOf(a.type) ?? [])],
  });
  const converted: string[] = [];
  for (const c of columnsOf(live, desired, l)) {
    const col = quoteIdent(c.column);
    const fields = d.attributes.map((a) =>
      l.attributes.some((x) => x.name === a.name)
        ? `((${col}).${quoteIdent(a.name)})::${a.type}`
        : `NULL::${a.type}`,
    );
    const ck = `column:${c.schema}.${c.table}.${c.column}`;
    converted.push(ck);
    ctx.plan.add(Phase.alterColumns, {
      objectKey: ck,
      description: `convert column ${c.schema}.${c.table}.${c.column} to the re-created composite type ${label(d)}`,
      sql:
        `ALTER TABLE ${quoteQualified(c.schema, c.table)} ALTER COLUMN ${col} TYPE ${type} USING ` +
        `CASE WHEN (${col})::text IS NULL THEN NULL ELSE ROW(${fields.join(", ")})::${type} END`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${c.schema}.${c.table}`,
      hazards: [
        hazard.rewritesTable(),
        ...blocksEverything("rewrites the table"),
        hazard.mayFailOnExistingData("fails if a stored attribute value does not cast to its new type"),
        ...(lost.length
          ? [
              hazard.deletesData(
                `drops attribute(s) ${lost.join(", ")} from the values of ${c.schema}.${c.table}.${c.column}`,
              ),
            ]
          : []),
      ],
      creates: [ck],
      needs: [key, `table:${c.schema}.${c.table}`],
    });
  }
  ctx.plan.add(Phase.dropEnums, {
    objectKey: key,
    description: `drop the old composite type ${d.schema}.${aside}`,
    sql: `DROP TYPE ${quoteQualified(d.schema, aside)}`,
    lock: "none",
    // Declares no drop of the aside key: the rename creates it, and a drop would have to run first.
    needs: [asideKey, ...converted],
  });
}

function planAttributeChanges(
  ctx: CompositeTypeContext,
  live: SchemaModel,
  desired: SchemaModel,
  l: CompositeTypeModel,
  d: CompositeTypeModel,
): void {
  const key = compositeTypeKey(d.schema, d.name);
  const type = quoteQualified(d.schema, d.name);
  const kept = l.attributes.filter((a) => d.attributes.some((x) => x.name === a.name));
  const added = d.attributes.filter((a) => !l.attributes.some((x) => x.name === a.name));
  const order = [...kept.map((a) => a.name), ...added.map((a) => a.name)];
  const users = usedBy(live, l);
  const retyped = kept.some((a) => {
    const n = d.attributes.find((x) => x.name === a.name)!;
    return n.type !== a.type || n.collation !== a.collation;
  });
  const reordered = order.join("\u0000") !== d.attributes.map((a) => a.name).join("\u0000");
  if (reordered || (retyped && users.length)) {
    planRecreate(ctx, live, desired, l, d);
    return;
  }
  for (const a of l.attributes) {
    if (d.attributes.some((x) => x.name === a.name)) continue;
    ctx.plan.add(Phase.dropColumns, {
      objectKey: key,
      description: `drop attribute ${a.name} of composite type ${label(d)}`,
      sql: `ALTER TYPE ${type} DROP ATTRIBUTE ${quoteIdent(a.name)}`,
      lock: "none",
      hazards: users.length
        ? [hazard.deletesData(`drops attribute ${a.name} from the values stored in ${users.join(", ")}`)]
        : [],
    });
  }
  for (const a of kept) {
    const n = d.attributes.find((x) => x.name === a.name)!;
    if (n.type === a.type && n.collation === a.collation) continue;
    ctx.plan.add(Phase.alterColumns, {
      objectKey: key,
      description: `change attribute ${a.name} of composite type ${label(d)} to ${n.type}`,
      sql: `ALTER TYPE ${type} ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${n.type}${n.collation !== null ? ` COLLATE ${quoteCollation(n.collation)}` : ""}`,
      lock: "none",
    });
  }
  for (const a of added) {
    const needed = ctx.typeKeyOf(a.type);
    ctx.plan.add(Phase.addColumns, {
      objectKey: key,
      description: `add attribute ${a.name} to composite type ${label(d)}`,
      sql: `ALTER TYPE ${type} ADD ATTRIBUTE ${attributeSql(a)}`,
      lock: "none",
      needs: [key, ...(needed ? [needed] : [])],
    });
  }
}

export function planCompositeTypes(ctx: CompositeTypeContext, live: SchemaModel, desired: SchemaModel): void {
  const liveTypes = live.compositeTypes ?? [];
  for (const d of desired.compositeTypes ?? []) {
    const l = liveTypes.find((x) => x.schema === d.schema && x.name === d.name);
    const key = compositeTypeKey(d.schema, d.name);
    if (!l) {
      ctx.plan.add(Phase.createEnums, {
        objectKey: key,
        description: `create composite type ${label(d)}`,
        sql: `CREATE TYPE ${quoteQualified(d.schema, d.name)} AS (${d.attributes.map(attributeSql).join(", ")})`,
        lock: "none",
        creates: [key],
        needs: [schemaKey(d.schema), ...d.attributes.flatMap((a) => ctx.typeKeyOf(a.type) ?? [])],
      });
      if (d.comment !== null) planComment(ctx.plan, d);
      continue;
    }
    planAttributeChanges(ctx, live, desired, l, d);
    if (l.comment !== d.comment) planComment(ctx.plan, d);
  }
  for (const l of liveTypes) {
    if ((desired.compositeTypes ?? []).some((d) => d.schema === l.schema && d.name === l.name)) continue;
    ctx.plan.add(Phase.dropEnums, {
      objectKey: compositeTypeKey(l.schema, l.name),
      description: `drop composite type ${label(l)}`,
      sql: `DROP TYPE ${quoteQualified(l.schema, l.name)}`,
      lock: "none",
      drops: [compositeTypeKey(l.schema, l.name)],
    });
  }
}
