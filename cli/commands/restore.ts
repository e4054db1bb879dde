// `schemastack restore`: restore a verified backup (whole, or chosen tables) into a database.
import { restoreBackup } from "../../core/backup";
import {
  CommandIO,
  databaseUrlFrom,
  FlagSpec,
  formatHelp,
  parseFlags,
  processIO,
  runCommand,
  s3ConnectionFlags,
  s3ConnectionFromFlags,
  stringFlag,
  stringList,
  UsageError,
} from "../backup-flags";
import type { RawCommand } from "../command";

const name = "restore";
const summary = "restore a verified backup (whole or chosen tables) into a database";
const usage =
  "schemastack restore --from s3://bucket/key|PATH --database-url URL [--table NAME]... " +
  "[--endpoint URL] [--region R] [--path-style] [--no-clean] [--no-owner]";
const details =
  "Checks the backup's manifest first (size, and sha256 by a full read), then streams the dump into\n" +
  "pg_restore in a single transaction: on any error nothing is changed. S3 credentials come from the\n" +
  "standard AWS chain. Exit codes: 0 = restored, 1 = failed, 2 = usage.";
const options: FlagSpec[] = [
  {
    name: "from",
    value: "LOCATION",
    description: "s3://bucket/key or a path, of the dump or of its .manifest.json",
  },
  {
    name: "database-url",
    value: "URL",
    description: "database to restore into, must exist (or SCHEMASTACK_DATABASE_URL)",
  },
  {
    name: "table",
    value: "NAME",
    repeatable: true,
    description: "restore only this table (pg_restore -t: matched in any schema)",
  },
  {
    name: "no-clean",
    description: "do not drop objects before recreating them (default: --clean --if-exists)",
  },
  { name: "no-owner", description: "skip ownership and grants (when the dump's roles do not exist)" },
  ...s3ConnectionFlags,
];

export async function runRestore(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseFlags(argv, options);
    if (values.help) return void io.out(formatHelp(usage, details, options));
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const from = stringFlag(values, "from");
    if (!from) throw new UsageError("--from is required");
    const result = await restoreBackup({
      from,
      databaseUrl: databaseUrlFrom(values),
      tables: stringList(values, "table"),
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

/** The module shape the brief asked for: argv in, exit code out. */
export const command = { name, summary, usage, run: (argv: string[]): Promise<number> => runRestore(argv) };

/** The command for cli/commands/index.ts: cli/main hands it the raw arguments, parsed once, here. */
export const restoreCommand: RawCommand = {
  name,
  summary,
  usage,
  details,
  options,
  runRaw: (argv: string[], io: CommandIO): Promise<number> => runRestore(argv, io),
};
