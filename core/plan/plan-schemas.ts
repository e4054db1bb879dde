// Schemas the managed scope holds but the declaration no longer has are dropped (never public,
// never CASCADE): their managed tables, types and sequences are dropped first by their own steps,
// so a schema still holding something undeclared makes Postgres refuse rather than lose it.
import type { SchemaModel } from "../model/model";
import { quoteIdent } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
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
