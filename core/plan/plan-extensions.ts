// Extension changes: CREATE EXTENSION (before anything that uses its types or operator classes),
// ALTER EXTENSION ... UPDATE TO / SET SCHEMA, and DROP EXTENSION (after what uses it; never CASCADE,
// so an undeclared object that still uses it makes Postgres refuse instead of losing it).
import type { ExtensionModel, SchemaModel } from "../model/model";
import { quoteIdent, quoteLiteral } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { extensionTypeNames } from "../model/extension";
import { hazard } from "./hazards";
import { extensionKey, schemaKey } from "./keys";

export function planExtensions(live: SchemaModel, desired: SchemaModel, plan: PlanBuilder): void {
  const have = new Map((live.extensions ?? []).map((e) => [e.name, e]));
  const want = desired.extensions ?? [];
  for (const d of want) {
    const key = extensionKey(d.name);
    const name = quoteIdent(d.name);
    const l = have.get(d.name);
    if (!l) {
      plan.add(Phase.createExtensions, {
        objectKey: key,
        description: `create extension ${d.name} in schema ${d.schema}`,
        sql:
          `CREATE EXTENSION IF NOT EXISTS ${name} WITH SCHEMA ${quoteIdent(d.schema)}` +
          (d.version !== null ? ` VERSION ${quoteLiteral(d.version)}` : ""),
        lock: "none",
        creates: [key],
        needs: [schemaKey(d.schema)],
      });
      continue;
    }
    if (l.schema !== d.schema) {
      plan.add(Phase.createExtensions, {
        objectKey: key,
        description: `move extension ${d.name} from schema ${l.schema} to ${d.schema}`,
        sql: `ALTER EXTENSION ${name} SET SCHEMA ${quoteIdent(d.schema)}`,
        lock: "none",
        hazards: [
          hazard.mayFailOnExistingData("fails for an extension that is not relocatable"),
          hazard.blocksWrites("objects using the extension's types refer to them in the new schema"),
        ],
        creates: [key],
        needs: [schemaKey(d.schema)],
      });
    }
    if (d.version !== null && l.version !== d.version) {
      plan.add(Phase.createExtensions, {
        objectKey: key,
        description: `update extension ${d.name} from version ${l.version} to ${d.version}`,
        sql: `ALTER EXTENSION ${name} UPDATE TO ${quoteLiteral(d.version)}`,
        lock: "none",
        hazards: [hazard.notReversible("an extension update script may have no way back")],
        creates: [key],
      });
    }
  }
  for (const l of have.values()) {
    if (want.some((d) => d.name === l.name)) continue;
    plan.add(Phase.dropExtensions, {
      objectKey: extensionKey(l.name),
      description: `drop extension ${l.name}`,
      sql: `DROP EXTENSION IF EXISTS ${quoteIdent(l.name)}`,
      lock: "none",
      hazards: [
        hazard.deletesData(
          `drops extension ${l.name} and every object it owns (its types, functions, operators)`,
        ),
      ],
      drops: [extensionKey(l.name)],
    });
  }
}

/** The type names (`public.citext`) of declared or live extensions -> their key, for `needs`. */
export function extensionTypeKeys(model: SchemaModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of model.extensions ?? [])
    for (const t of extensionTypeNames(e.name))
      out.set(`${quoteIdent(e.schema)}.${quoteIdent(t)}`, extensionKey(e.name));
  return out;
}

export type { ExtensionModel };
