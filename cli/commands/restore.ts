// `schemastack restore`: restore a verified backup (whole, or chosen tables) into a database.
import { parseArgs } from "util";
import { restoreBackup } from "../../core/backup";
import {
  CommandIO,
  databaseUrlFrom,
  processIO,
  runCommand,
  s3ConnectionFlags,
  s3ConnectionFromFlags,
  stringFlag,
  stringList,
  UsageError,
} from "../../core/backup/cli-support";

const usage =
  "schemastack restore --from s3://bucket/key|PATH --database-url URL [--table NAME]... " +
  "[--endpoint URL] [--region R] [--path-style] [--no-clean] [--no-owner]";

const help = `${usage}

Checks the backup's manifest first (size, and sha256 by a full read), then streams the dump into
pg_restore in a single transaction: on any error nothing is changed.

  --from LOCATION      s3://bucket/key or a path, of the dump or of its .manifest.json
  --database-url URL   database to restore into (or set SCHEMASTACK_DATABASE_URL); must exist
  --table NAME         restore only this table (repeatable; pg_restore -t: matched in any schema)
  --no-clean           do not drop objects before recreating them (default: --clean --if-exists)
  --no-owner           skip ownership and grants (restoring where the dump's roles do not exist)
  --endpoint, --region, --path-style   how to reach S3 (credentials: the standard AWS chain)
`;

export async function runRestore(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...s3ConnectionFlags,
        from: { type: "string" },
        "database-url": { type: "string" },
        table: { type: "string", multiple: true },
        "no-clean": { type: "boolean" },
        "no-owner": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return void io.out(help);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const from = stringFlag(values, "from");
    if (!from) throw new UsageError("--from is required");
    const tables = stringList(values, "table");
    const result = await restoreBackup({
      from,
      databaseUrl: databaseUrlFrom(values),
      tables,
      clean: values["no-clean"] !== true,
      noOwner: values["no-owner"] === true,
      s3: s3ConnectionFromFlags(values),
    });
    const what = result.tables
      ? `table${result.tables.length > 1 ? "s" : ""} ${result.tables.join(", ")}`
      : "whole database";
    io.out(
      `restored ${what} from ${result.manifest.uri}\n` +
        `(stack ${result.manifest.stack}, taken ${result.manifest.createdAt}, sha256 ${result.manifest.sha256} checked)\n`,
    );
  });
}

export const command = {
  name: "restore",
  summary: "restore a verified backup (whole or chosen tables) into a database",
  usage,
  run: (argv: string[]): Promise<number> => runRestore(argv),
};
