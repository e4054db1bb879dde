import type { OptionSpec, ParsedArgs } from "../args";
import { required, single } from "../args";
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

export async function desiredFromArgs(args: ParsedArgs): Promise<{ url: string; desired: SchemaModel }> {
  const url = required(args, "database-url");
  const desired = await loadDesired({
    file: required(args, "desired"),
    scratchServerUrl: single(args, "dev-url") ?? url,
    schemas: args.values.get("schema"),
    render: !args.flags.has("no-render"),
  });
  return { url, desired };
}
