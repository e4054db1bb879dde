import * as fs from "fs";
import type { OptionSpec, ParsedArgs } from "../args";
import { UsageError, integer, required, single } from "../args";
import { configureTimeBudget, defaultTimeBudget } from "../../core/pg/time-budget";
import { loadDesired } from "../load-desired";
import { defaultRenderCacheDir } from "../../core/render/render-cache";
import type { SchemaModel } from "../../core/model/model";
import { ManagedScope, parseIgnoreRule, parseScope } from "../../core/model/scope";

/** Options shared by plan and apply for reading --desired. */
export const desiredOptions: OptionSpec[] = [
  { name: "database-url", value: "URL", description: "target database" },
  { name: "desired", value: "FILE", description: "desired schema: a JSON spec, or a .sql file of DDL" },
  {
    name: "dev-url",
    value: "URL",
    description: "server for the scratch database (default: the target's server)",
  },
  {
    name: "schema",
    value: "NAME",
    repeatable: true,
    description: "for .sql files: schemas to manage (default: all)",
  },
  {
    name: "scope",
    value: "FILE",
    description: 'managed scope, JSON: {"schemas": [...], "ignore": [{"kind": "table", "name": "lib_*"}]}',
  },
  {
    name: "ignore",
    value: "KIND:PATTERN",
    repeatable: true,
    description: "leave matching objects alone, e.g. table:lib_* or index:public.lib_* (adds to --scope)",
  },
  {
    name: "no-render",
    description: "compare a JSON spec as written instead of rendering it in a scratch database",
  },
  {
    name: "no-render-cache",
    description:
      "render --desired again even if this declaration was rendered on this server before (cache: SCHEMASTACK_RENDER_CACHE_DIR, default ~/.cache/schemastack/render)",
  },
  {
    name: "connect-timeout",
    value: "MS",
    description: `give up connecting to a server after MS (default ${defaultTimeBudget.connectTimeoutMs})`,
  },
  {
    name: "catalog-timeout",
    value: "MS",
    description: `statement_timeout of each catalog read (default ${defaultTimeBudget.catalogTimeoutMs})`,
  },
  {
    name: "render-timeout",
    value: "MS",
    description: `statement_timeout while rendering --desired in a scratch database (default ${defaultTimeBudget.renderTimeoutMs})`,
  },
  { name: "verbose", description: "print a failing statement whole (errors show an excerpt of long ones)" },
];

/** Sets this process's time budget (core/pg/time-budget.ts) from --connect/catalog/render-timeout. */
export function applyTimeBudgetArgs(args: ParsedArgs): void {
  const read = (flag: string): number | undefined => {
    const value = integer(args, flag);
    if (value === 0) throw new UsageError(`--${flag} must be above 0 (every wait on a server is bounded)`);
    return value;
  };
  configureTimeBudget({
    connectTimeoutMs: read("connect-timeout"),
    catalogTimeoutMs: read("catalog-timeout"),
    renderTimeoutMs: read("render-timeout"),
  });
}

/**
 * A postgres:// URL, or a UsageError that does not echo the value (it may hold a password): pg
 * otherwise reads "not a url" as a host name and fails with "getaddrinfo ENOTFOUND base".
 */
export function checkDatabaseUrl(option: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["postgres:", "postgresql:"].includes(parsed.protocol)) {
    throw new UsageError(
      `--${option} must be a postgres:// URL such as postgres://user@host:5432/dbname (value not shown: it may hold a password)`,
    );
  }
  return url;
}

/** --scope FILE and --ignore KIND:PATTERN -> the managed scope (undefined when neither is given). */
export function scopeFromArgs(args: ParsedArgs): ManagedScope | undefined {
  const file = single(args, "scope");
  const rules = (args.values.get("ignore") ?? []).map(parseIgnoreRule);
  if (file === undefined && rules.length === 0) return undefined;
  let scope: ManagedScope = {};
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new UsageError(`--scope ${file}: ${(e as Error).message}`);
    }
    scope = parseScope(json);
  }
  return rules.length ? { ...scope, ignore: [...(scope.ignore ?? []), ...rules] } : scope;
}

/**
 * The target URL, the desired model and the scope. `targetVersion`, when given, reads the target
 * server's version over a connection the command opens anyway (the render cache's key needs it
 * when the scratch server is the target's). `onManagedSchemas`, when given, is told the schemas to
 * read on the target (the scope's, else the desired model's) as soon as a render knows them.
 */
export async function desiredFromArgs(
  args: ParsedArgs,
  targetVersion?: () => Promise<string>,
  onManagedSchemas?: (schemas: string[]) => void,
): Promise<{ url: string; desired: SchemaModel; scope: ManagedScope | undefined }> {
  applyTimeBudgetArgs(args);
  const url = checkDatabaseUrl("database-url", required(args, "database-url"));
  const devUrl = single(args, "dev-url");
  const scope = scopeFromArgs(args);
  const desired = await loadDesired({
    file: required(args, "desired"),
    scratchServerUrl: devUrl === undefined ? url : checkDatabaseUrl("dev-url", devUrl),
    schemas: args.values.get("schema"),
    render: !args.flags.has("no-render"),
    scope,
    renderCacheDir: args.flags.has("no-render-cache") ? undefined : defaultRenderCacheDir(),
    serverVersion: devUrl === undefined ? targetVersion : undefined,
    onSchemas: onManagedSchemas && ((schemas) => onManagedSchemas(scope?.schemas ?? schemas)),
  });
  return { url, desired, scope };
}
