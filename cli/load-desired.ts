// --desired FILE: a JSON spec or a .sql file, turned into the model Postgres would report for it.
import * as fs from "fs";
import { applySchema } from "../core/apply/apply-schema";
import { introspect } from "../core/introspect/introspect";
import type { SchemaModel } from "../core/model/model";
import { modelFromJson } from "../core/model/parse-spec";
import { withScratchDatabase } from "./scratch-database";

export interface DesiredOptions {
  file: string;
  /** Server to create the scratch database on (the target's URL, or --dev-url). */
  scratchServerUrl: string;
  /** For .sql files: schemas to take (default every schema the SQL leaves). */
  schemas?: string[];
  /** Render JSON specs in a scratch database so expressions compare as Postgres prints them (default true). */
  render?: boolean;
}

/** Copies rename hints and the version, which the catalog cannot know, from the declaration. */
function withHints(rendered: SchemaModel, declared: SchemaModel): SchemaModel {
  const out: SchemaModel = { ...rendered, version: declared.version, schemas: [...declared.schemas] };
  for (const e of out.enums) {
    const d = declared.enums.find((x) => x.schema === e.schema && x.name === e.name);
    if (d) Object.assign(e, { renamedFrom: d.renamedFrom, renamedValues: { ...d.renamedValues } });
  }
  for (const t of out.tables) {
    const d = declared.tables.find((x) => x.schema === t.schema && x.name === t.name);
    if (!d) continue;
    t.renamedFrom = d.renamedFrom;
    for (const c of t.columns) c.renamedFrom = d.columns.find((x) => x.name === c.name)?.renamedFrom ?? null;
  }
  return out;
}

export async function loadDesired(options: DesiredOptions): Promise<SchemaModel> {
  const text = fs.readFileSync(options.file, "utf8");
  if (options.file.endsWith(".sql")) {
    return withScratchDatabase(options.scratchServerUrl, async (client) => {
      await client.query(text);
      return (await introspect(client, options.schemas ? { schemas: options.schemas } : {})).model;
    });
  }
  const declared = modelFromJson(text);
  if (options.render === false) return declared;
  return withScratchDatabase(options.scratchServerUrl, async (client) => {
    await applySchema(client, declared, { offline: true, allowDataLoss: true, verify: false });
    const rendered = (await introspect(client, { schemas: declared.schemas })).model;
    return withHints(rendered, declared);
  });
}
