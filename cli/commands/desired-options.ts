import type { OptionSpec, ParsedArgs } from "../args";
import { UsageError, integer, required, single } from "../args";
import { configureTimeBudget, defaultTimeBudget } from "../../core/pg/time-budget";
import { loadDesired } from "../load-desired";
import type { SchemaModel } from "../../core/model/model";

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
    name: "no-render",
    description: "compare a JSON spec as written instead of rendering it in a scratch database",
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

export async function desiredFromArgs(args: ParsedArgs): Promise<{ url: string; desired: SchemaModel }> {
  applyTimeBudgetArgs(args);
  const url = checkDatabaseUrl("database-url", required(args, "database-url"));
  const devUrl = single(args, "dev-url");
  const desired = await loadDesired({
    file: required(args, "desired"),
    scratchServerUrl: devUrl === undefined ? url : checkDatabaseUrl("dev-url", devUrl),
    schemas: args.values.get("schema"),
    render: !args.flags.has("no-render"),
  });
  return { url, desired };
}
