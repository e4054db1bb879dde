import type { Client } from "pg";
import { connectClient } from "../../core/pg/with-client";
import { required, single } from "../args";
import type { Command } from "../command";
import { registerSecretsOf } from "../../core/pg/connection-url";
import { verifySchemaVersion } from "../../core/verify";

export const verifyCommand: Command = {
  name: "verify",
  summary: "check the database's schema version row against an expected version or fingerprint",
  usage:
    "schemastack verify --database-url URL --expect VERSION|FINGERPRINT [--version-table SCHEMA.TABLE] [--json]",
  details:
    "Reads the newest row of the version table (default schemastack.schema_version) and compares its\n" +
    "version and fingerprint with --expect. The check an app's /health runs (see verifySchemaVersion\n" +
    "in core/verify).\n" +
    "Exit codes: 0 match; 1 mismatch, or no version row; 2 cannot check (unreachable database,\n" +
    "timeout, bad arguments).",
  options: [
    { name: "database-url", value: "URL", description: "postgres:// URL (or SCHEMASTACK_DATABASE_URL)" },
    {
      name: "expect",
      value: "VERSION|FINGERPRINT",
      description: "the schema version or fingerprint expected",
    },
    { name: "version-table", value: "SCHEMA.TABLE", description: "where the version row lives" },
    { name: "timeout", value: "MS", description: "give up after this long (default 5000)" },
    { name: "json", description: "print the result as JSON" },
  ],
  async run(args, io) {
    const url = single(args, "database-url") ?? process.env.SCHEMASTACK_DATABASE_URL;
    if (!url) {
      io.err("schemastack verify: --database-url is required\n");
      return 2;
    }
    registerSecretsOf(url);
    const expected = required(args, "expect");
    const tableArg = single(args, "version-table");
    const [schema, table] = tableArg?.includes(".") ? tableArg.split(".", 2) : [undefined, undefined];
    const timeoutMs = Number(single(args, "timeout") ?? 5000);
    let client: Client | undefined;
    let result;
    try {
      client = await connectClient(url, {
        applicationName: "schemastack-verify",
        connectTimeoutMs: timeoutMs,
      });
      result = await verifySchemaVersion(client, expected, {
        timeoutMs,
        ...(schema && table ? { table: { schema, table } } : {}),
      });
    } catch (e) {
      io.err(`schemastack verify: cannot check: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    } finally {
      await client?.end().catch(() => undefined);
    }
    if (args.flags.has("json")) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else (result.ok ? io.out : io.err)(`${result.ok ? "ok" : "MISMATCH"}: ${result.message}\n`);
    return result.ok ? 0 : result.status === "error" ? 2 : 1;
  },
};
