import type { EnumModel, SchemaModel } from "../model/model";
import { quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { hazard } from "./hazards";
import { enumKey, schemaKey } from "./keys";
import { UnsupportedChangeError } from "./step";

/** Values can only be added (Postgres cannot remove or reorder enum values in place). */
function planEnumValues(live: EnumModel, desired: EnumModel, plan: PlanBuilder): void {
  const key = enumKey(desired.schema, desired.name);
  const kept = desired.values.filter((v) => live.values.includes(v));
  const removed = live.values.filter((v) => !desired.values.includes(v));
  if (removed.length) {
    throw new UnsupportedChangeError(
      key,
      `removing enum value(s) ${removed.map((v) => `"${v}"`).join(", ")} is not supported (Postgres cannot drop enum values); declare a new type and migrate the column`,
    );
  }
  if (kept.join("\u0000") !== live.values.join("\u0000")) {
    throw new UnsupportedChangeError(key, "reordering existing enum values is not supported");
  }
  const type = quoteQualified(desired.schema, desired.name);
  desired.values.forEach((value, i) => {
    if (live.values.includes(value)) return;
    const position =
      i === 0 ? `BEFORE ${quoteLiteral(desired.values[1])}` : `AFTER ${quoteLiteral(desired.values[i - 1])}`;
    plan.add(Phase.addEnumValues, {
      objectKey: key,
      description: `add value ${value} to enum ${desired.schema}.${desired.name}`,
      // Own step outside a transaction: a value added in a transaction is unusable until it commits.
      sql: `ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${quoteLiteral(value)} ${position}`,
      transactional: false,
      lock: "none",
      hazards: [hazard.notReversible("enum values cannot be removed again")],
      // Creates the value: defaults and rows that use it come after.
      creates: [key],
    });
  });
}

export function planEnums(live: SchemaModel, desired: SchemaModel, plan: PlanBuilder): void {
  for (const d of desired.enums) {
    const l = live.enums.find((e) => e.schema === d.schema && e.name === d.name);
    const key = enumKey(d.schema, d.name);
    const type = quoteQualified(d.schema, d.name);
    if (!l) {
      plan.add(Phase.createEnums, {
        objectKey: key,
        description: `create enum ${d.schema}.${d.name}`,
        sql: `CREATE TYPE ${type} AS ENUM (${d.values.map(quoteLiteral).join(", ")})`,
        lock: "none",
        creates: [key],
        needs: [schemaKey(d.schema)],
      });
    } else {
      planEnumValues(l, d, plan);
    }
    if ((l?.comment ?? null) !== d.comment) {
      plan.add(Phase.comments, {
        objectKey: key,
        description: `set comment of enum ${d.schema}.${d.name}`,
        sql: `COMMENT ON TYPE ${type} IS ${commentLiteral(d.comment)}`,
        lock: "none",
      });
    }
  }
  for (const l of live.enums) {
    if (desired.enums.some((e) => e.schema === l.schema && e.name === l.name)) continue;
    plan.add(Phase.dropEnums, {
      objectKey: enumKey(l.schema, l.name),
      description: `drop enum ${l.schema}.${l.name}`,
      sql: `DROP TYPE ${quoteQualified(l.schema, l.name)}`,
      lock: "none",
      hazards: [
        hazard.deletesData(`drops enum type ${l.schema}.${l.name} and its values`),
        hazard.notReversible("the type's OID changes if it is created again"),
      ],
      drops: [enumKey(l.schema, l.name)],
    });
  }
}
