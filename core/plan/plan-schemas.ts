// Schemas the managed scope holds but the declaration no longer has are dropped (never public,
// never CASCADE): their managed tables, types and sequences are dropped first by their own steps,
// so a schema still holding something undeclared makes Postgres refuse rather than lose it.
import type { SchemaModel } from "../model/model";
import { quoteIdent } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { hazard } from "./hazards";
import { schemaKey } from "./keys";
import type { Hazard } from "./step";

export function planDropSchemas(live: SchemaModel, desired: SchemaModel, plan: PlanBuilder): void {
  for (const s of live.schemas) {
    if (desired.schemas.includes(s) || s === "public") continue;
    const inside = [
      ...live.tables.filter((t) => t.schema === s).map((t) => `table ${t.name}`),
      ...live.enums.filter((e) => e.schema === s).map((e) => `enum ${e.name}`),
      ...(live.sequences ?? []).filter((q) => q.schema === s).map((q) => `sequence ${q.name}`),
    ];
    const hazards: Hazard[] = inside.length
      ? [hazard.deletesData(`drops schema ${s}, which holds ${inside.join(", ")}`)]
      : [];
    plan.add(Phase.dropSchemas, {
      objectKey: schemaKey(s),
      description: `drop schema ${s}`,
      sql: `DROP SCHEMA ${quoteIdent(s)}`,
      lock: "none",
      hazards,
      drops: [schemaKey(s)],
    });
  }
}

/** COMMENT ON SCHEMA where a declared schema's comment differs from the live one (none: NULL). */
export function planSchemaComments(live: SchemaModel, desired: SchemaModel, plan: PlanBuilder): void {
  for (const s of desired.schemas) {
    const want = desired.schemaComments?.[s] ?? null;
    const have = live.schemas.includes(s) ? (live.schemaComments?.[s] ?? null) : null;
    if (want === have) continue;
    plan.add(Phase.comments, {
      objectKey: schemaKey(s),
      description: want === null ? `remove comment of schema ${s}` : `set comment of schema ${s}`,
      sql: `COMMENT ON SCHEMA ${quoteIdent(s)} IS ${commentLiteral(want)}`,
      lock: "none",
      needs: [schemaKey(s)],
    });
  }
}
