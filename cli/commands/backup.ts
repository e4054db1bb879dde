// `schemastack backup`: take a verified pg_dump into S3 or a folder, outside any Pulumi run.
import { registerCleanup } from "../../core/lifecycle/cleanups";
import { installSignalHandlers } from "../signals";
import { applyRetention, createBackupTarget, takeVerifiedBackup } from "../../core/backup";
import {
  CommandIO,
  databaseUrlFrom,
  describeManifest,
  FlagSpec,
  formatHelp,
  parseFlags,
  processIO,
  runCommand,
  stringFlag,
  targetFlags,
  targetFromFlags,
  UsageError,
} from "../backup-flags";
import type { RawCommand } from "../command";

const name = "backup";
const summary = "take a verified pg_dump of a database into S3 or a folder";
const usage =
  "schemastack backup --database-url URL (--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] " +
  "[--sse AES256|aws:kms [--sse-kms-key-id ID]] | --dir PATH) [--stack NAME] [--fingerprint FP] [--keep N] [--json]";
const details =
  "Streams pg_dump -Fc into S3 (multipart) or a folder, verifies it by reading it back in full through\n" +
  "pg_restore and comparing sha256, then writes <dump>.manifest.json beside it. Nothing is left behind\n" +
  "when any step fails. Exit codes: 0 = verified backup taken, 1 = failed, 2 = usage, 130 = interrupted.";
const options: FlagSpec[] = [
  {
    name: "database-url",
    value: "URL",
    description: "database to dump (or SCHEMASTACK_DATABASE_URL); its password is never printed",
  },
  ...targetFlags,
  { name: "stack", value: "NAME", description: 'stack the backup belongs to (default "default")' },
  { name: "fingerprint", value: "FP", description: "schema fingerprint to record in the manifest" },
  { name: "keep", value: "N", description: "afterwards keep only the newest N backups of the stack" },
  { name: "json", description: "print the manifest as JSON" },
];

export async function runBackup(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseFlags(argv, options);
    if (values.help) return void io.out(formatHelp(usage, details, options));
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const keepText = stringFlag(values, "keep");
    const keep = keepText === undefined ? undefined : Number(keepText);
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
      throw new UsageError("--keep must be a whole number >= 1");
    const stack = stringFlag(values, "stack") ?? "default";
    const databaseUrl = databaseUrlFrom(values);
    const target = createBackupTarget(targetFromFlags(values));
    // Ctrl-C / SIGTERM: stop pg_dump/pg_restore and remove the partial backup rather than dying
    // mid-upload; cli/signals.ts runs this cleanup and exits once it is done (a second signal exits at once).
    installSignalHandlers((text) => io.err(text)); // also when run without cli/main.ts (its module shape)
    const controller = new AbortController();
    let taking: Promise<unknown> = Promise.resolve();
    const unregister = registerCleanup("the partial backup", async () => {
      io.err("interrupted: stopping and removing the partial backup...\n");
      controller.abort();
      await taking.catch(() => undefined);
    });
    try {
      const backup = takeVerifiedBackup({
        signal: controller.signal,
        databaseUrl,
        target,
        stack,
        schemaFingerprint: stringFlag(values, "fingerprint") ?? null,
      });
      taking = backup;
      const manifest = await backup;
      io.out(
        values.json
          ? `${JSON.stringify(manifest, null, 2)}\n`
          : `verified backup taken\n${describeManifest(manifest)}\n`,
      );
      if (keep !== undefined) {
        const result = await applyRetention(target, { stack, keep, protectedKeys: [manifest.key] });
        if (!values.json)
          io.out(
            `retention: kept ${result.kept.length}, deleted ${result.deleted.length + result.deletedUnverified.length}\n`,
          );
      }
    } finally {
      unregister();
      target.close();
    }
  });
}

/** The module shape the brief asked for: argv in, exit code out. */
export const command = { name, summary, usage, run: (argv: string[]): Promise<number> => runBackup(argv) };

/** The command for cli/commands/index.ts: cli/main hands it the raw arguments, parsed once, here. */
export const backupCommand: RawCommand = {
  name,
  summary,
  usage,
  details,
  options,
  runRaw: (argv: string[], io: CommandIO): Promise<number> => runBackup(argv, io),
};
