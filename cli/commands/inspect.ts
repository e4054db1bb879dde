import { introspect } from "../../core/introspect/introspect";
import { toSpec } from "../../core/model/to-declaration";
import { toTypeScript } from "../to-typescript";
import { withAllAccess } from "../../core/model/access";
import { UsageError, required, single } from "../args";
import type { Command } from "../command";
import { withConnection } from "../connect";
import { notManagedLines } from "./not-managed";

export const inspectCommand: Command = {
  name: "inspect",
  summary: "print the live schema as a JSON spec or a TypeScript program",
  usage: "schemastack inspect --database-url URL [--schema NAME]... [--format json|ts]",
  details:
    "Reads pg_catalog in a fixed number of queries. Functions, triggers and unlisted schemas are not\n" +
    'part of the model: each is listed on stderr ("not managed: ...") and left alone. Access control is printed\n' +
    "where there is some: owners other than the inspecting role, grants, row-level security,\n" +
    "policies, default privileges and the roles they name (roles are cluster-wide).",
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
    // Owners (other than the inspecting role), grants, RLS, policies, default privileges, roles.
    const model = withAllAccess(live.model, live.access);
    io.out(format === "json" ? JSON.stringify(toSpec(model), null, 2) + "\n" : toTypeScript(model));
    // Policies are printed with their tables (declared, they are managed).
    for (const line of notManagedLines(live.unmanaged.filter((x) => x.kind !== "policy"))) io.err(line);
    return 0;
  },
};
