// Composite types: CREATE TYPE ... AS (...), then ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE.
// Postgres appends added attributes and refuses to change the type of an attribute while a table
// column uses the type; such changes (and reorders) are refused here, before anything runs.
import type { CompositeTypeModel } from "../model/composite-type";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, quoteCollation } from "./ddl";
import type { TypeKeyOf } from "./dependencies";
import { hazard } from "./hazards";
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

function planAttributeChanges(
  ctx: CompositeTypeContext,
  live: SchemaModel,
  l: CompositeTypeModel,
  d: CompositeTypeModel,
): void {
  const key = compositeTypeKey(d.schema, d.name);
  const type = quoteQualified(d.schema, d.name);
  const kept = l.attributes.filter((a) => d.attributes.some((x) => x.name === a.name));
  const added = d.attributes.filter((a) => !l.attributes.some((x) => x.name === a.name));
  const order = [...kept.map((a) => a.name), ...added.map((a) => a.name)];
  if (order.join("\u0000") !== d.attributes.map((a) => a.name).join("\u0000"))
    throw new UnsupportedChangeError(
      key,
      "reordering the attributes of a composite type (or adding one before the last) is not supported: Postgres appends new attributes; declare them in that order",
    );
  const users = usedBy(live, l);
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
    if (users.length)
      throw new UnsupportedChangeError(
        key,
        `changing attribute ${a.name} from ${a.type} to ${n.type} is not supported while columns use the type (${users.join(", ")}): Postgres refuses it; declare a new type and migrate the columns`,
      );
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
    planAttributeChanges(ctx, live, l, d);
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
