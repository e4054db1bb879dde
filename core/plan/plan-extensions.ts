// Extension changes: CREATE EXTENSION (before anything that uses its types or operator classes),
// ALTER EXTENSION ... UPDATE TO / SET SCHEMA, and DROP EXTENSION (after what uses it; never CASCADE,
// so an undeclared object that still uses it makes Postgres refuse instead of losing it).
import type { ExtensionModel, SchemaModel } from "../model/model";
import { quoteIdent, quoteLiteral } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { extensionTypeNames } from "../model/extension";
import { commentLiteral } from "./ddl";
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
  for (const d of want) {
    const l = have.get(d.name);
    // Absent on both sides: the extension's own comment, which CREATE EXTENSION sets.
    if ((l ? l.comment : undefined) === d.comment) continue;
    planExtensionComment(plan, d);
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

/**
 * A declared comment, or back to the extension's own one (from its control file, read by the
 * server: only a statement run there knows it).
 */
function planExtensionComment(plan: PlanBuilder, d: ExtensionModel): void {
  const name = quoteIdent(d.name);
  const own = `(SELECT comment FROM pg_catalog.pg_available_extensions WHERE name = ${quoteLiteral(d.name)})`;
  plan.add(Phase.comments, {
    objectKey: extensionKey(d.name),
    description:
      d.comment === undefined
        ? `give extension ${d.name} its own comment back`
        : `set comment of extension ${d.name}`,
    sql:
      d.comment === undefined
        ? `DO ${quoteLiteral(`BEGIN EXECUTE pg_catalog.format('COMMENT ON EXTENSION %I IS %L', ${quoteLiteral(d.name)}, ${own}); END`)}`
        : `COMMENT ON EXTENSION ${name} IS ${commentLiteral(d.comment)}`,
    lock: "none",
    needs: [extensionKey(d.name)],
  });
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
