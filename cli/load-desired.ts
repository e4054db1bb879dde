// --desired FILE: a JSON spec or a .sql file, turned into the model Postgres would report for it.
import * as fs from "fs";
import { statementExcerpt } from "../core/apply/errors";
import { introspect } from "../core/introspect/introspect";
import type { SchemaModel } from "../core/model/model";
import type { ManagedScope } from "../core/model/scope";
import { cachedRender, renderModel, withScratchDatabase } from "../core/render";

export interface DesiredOptions {
  file: string;
  /** Server to create the scratch database on (the target's URL, or --dev-url). */
  scratchServerUrl: string;
  /** For .sql files: schemas to take (default every schema the SQL leaves). */
  schemas?: string[];
  /** Render JSON specs in a scratch database so expressions compare as Postgres prints them (default true). */
  render?: boolean;
  /** The managed scope: JSON specs may reference tables outside it. */
  scope?: ManagedScope;
  /** Keep and reuse rendered models here (core/render/render-cache.ts); default: no cache. */
  renderCacheDir?: string;
  /** The scratch server's version over a connection the caller holds (saves the cache a connection). */
  serverVersion?: () => Promise<string>;
  /**
   * Told the desired model's schemas as soon as they are known, before a render is over: a JSON
   * declaration's once it is parsed; for a .sql file, first a guess before the render (likelySchemas,
   * or the schemas given), then the real ones when the read-back of its render starts (not when its
   * model comes from the render cache). Lets the caller read the target meanwhile.
   */
  onSchemas?: (schemas: string[]) => void;
}

export async function loadDesired(options: DesiredOptions): Promise<SchemaModel> {
  const text = fs.readFileSync(options.file, "utf8");
  if (options.file.endsWith(".sql")) {
    // Told before the render (which reports the real ones only once the server has run the whole
    // file): the schemas given, or those the file most likely leaves, so the caller reads the target
    // while the server runs the SQL. Should the render report others, the caller reads again.
    options.onSchemas?.(options.schemas ? [...options.schemas] : likelySchemas(text));
    const input = `sql\n${JSON.stringify(options.schemas ?? null)}\n${text}`;
    return cachedRender(
      options.renderCacheDir,
      options.scratchServerUrl,
      input,
      () => renderSql(options, text),
      options.serverVersion,
    );
  }
  // Loaded for JSON declarations only: a .sql file's plan does not pay for the declaration parser.
  const { modelFromJson } = await import("../core/model/parse-spec");
  const declared = modelFromJson(text, { scope: options.scope });
  if (options.render === false) return declared;
  // The rendered model keeps the declaration's schemas (core/render/render-model.ts).
  options.onSchemas?.([...declared.schemas]);
  return renderModel(options.scratchServerUrl, declared, {
    cacheDir: options.renderCacheDir,
    serverVersion: options.serverVersion,
  });
}

/** The model of the desired SQL: run in a scratch database and read back. */
function renderSql(options: DesiredOptions, text: string): Promise<SchemaModel> {
  return withScratchDatabase(options.scratchServerUrl, async (client, { shared }) => {
    await client.query(text).catch((error: Error & { position?: string }) => {
      // Postgres points at the failing character: say where in the file, and show that part.
      if (error.position === undefined) throw error;
      const at = Number(error.position);
      const before = text.slice(0, at - 1).split("\n");
      error.message +=
        ` (${options.file} line ${before.length}, column ${before[before.length - 1].length + 1})\n  ` +
        statementExcerpt(text, at);
      throw error;
    });
    return (
      await introspect(client, {
        schemas: options.schemas,
        inTransaction: shared,
        onSchemas: options.onSchemas,
      })
    ).model;
  });
}

/**
 * A guess at the schemas a desired SQL file leaves in an empty database, in the order introspection
 * lists them (by name): `public` and every schema a `CREATE SCHEMA` names. Only a guess (a schema
 * created by `AUTHORIZATION` alone, or one the file drops, is missed): what it is used for is
 * checked against the render.
 */
export function likelySchemas(sql: string): string[] {
  const names = new Set(["public"]);
  const created = /\bcreate\s+schema\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)/gi;
  for (const [, name] of sql.matchAll(created))
    names.add(name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
