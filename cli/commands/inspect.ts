import { introspect } from "../../core/introspect/introspect";
import { toSpec } from "../../core/model/to-declaration";
import { toTypeScript } from "../../core/model/to-typescript";
import { UsageError, required, single } from "../args";
import type { Command } from "../command";
import { withConnection } from "../connect";
import { notManagedLines } from "./not-managed";

export const inspectCommand: Command = {
  name: "inspect",
  summary: "print the live schema as a JSON spec or a TypeScript program",
  usage: "schemastack inspect --database-url URL [--schema NAME]... [--format json|ts]",
  details:
    "Reads pg_catalog in a fixed number of queries. Views, functions, triggers, policies and unlisted\n" +
    'schemas are not part of the model: each is listed on stderr ("not managed: view public.v") and left alone.',
  options: [
    { name: "database-url", value: "URL", description: "database to read" },
    {
      name: "schema",
      value: "NAME",
      repeatable: true,
      description: "schema to include (default: all user schemas)",
    },
    { name: "format", value: "json|ts", description: "output format (default json)" },
  ],
  async run(args, io) {
    const url = required(args, "database-url");
    const format = single(args, "format") ?? "json";
    if (format !== "json" && format !== "ts")
      throw new UsageError(`--format must be json or ts, not "${format}"`);
    const live = await withConnection(url, (c) => introspect(c, { schemas: args.values.get("schema") }));
    io.out(format === "json" ? JSON.stringify(toSpec(live.model), null, 2) + "\n" : toTypeScript(live.model));
    for (const line of notManagedLines(live.unmanaged)) io.err(line);
    return 0;
  },
};
