import type { OptionSpec, ParsedArgs } from "../args";
import { UsageError, required, single } from "../args";
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
];

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
