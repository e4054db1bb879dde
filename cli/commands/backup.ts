// `schemastack backup`: take a verified pg_dump into S3 or a folder, outside any Pulumi run.
import { parseArgs } from "util";
import { applyRetention, createBackupTarget, takeVerifiedBackup } from "../../core/backup";
import {
  CommandIO,
  databaseUrlFrom,
  describeManifest,
  processIO,
  runCommand,
  stringFlag,
  targetFlags,
  targetFromFlags,
  UsageError,
} from "../../core/backup/cli-support";

const usage =
  "schemastack backup --database-url URL (--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] " +
  "[--sse AES256|aws:kms [--sse-kms-key-id ID]] | --dir PATH) [--stack NAME] [--fingerprint FP] [--keep N] [--json]";

const help = `${usage}

Streams pg_dump -Fc of the database into S3 (multipart) or a folder, verifies it by reading it
back in full through pg_restore and comparing sha256, then writes <dump>.manifest.json beside it.
Nothing is left behind when any step fails.

  --database-url URL   database to dump (or set SCHEMASTACK_DATABASE_URL; the password is never printed)
  --bucket B           S3 bucket; credentials come from the standard AWS chain (env, profile, role)
  --prefix P           key prefix inside the bucket or folder
  --endpoint URL       S3-compatible server (implies --path-style)
  --region R           S3 region (default AWS_REGION, else us-east-1)
  --sse MODE           server-side encryption: AES256 or aws:kms
  --dir PATH           a local folder instead of S3
  --stack NAME         stack the backup belongs to (default "default")
  --fingerprint FP     schema fingerprint to record in the manifest
  --keep N             afterwards, keep only the newest N backups of the stack
  --json               print the manifest as JSON
`;

export async function runBackup(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...targetFlags,
        "database-url": { type: "string" },
        stack: { type: "string" },
        fingerprint: { type: "string" },
        keep: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return void io.out(help);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const keepText = stringFlag(values, "keep");
    const keep = keepText === undefined ? undefined : Number(keepText);
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
      throw new UsageError("--keep must be a whole number >= 1");
    const stack = stringFlag(values, "stack") ?? "default";
    const target = createBackupTarget(targetFromFlags(values));
    try {
      const manifest = await takeVerifiedBackup({
        databaseUrl: databaseUrlFrom(values),
        target,
        stack,
        schemaFingerprint: stringFlag(values, "fingerprint") ?? null,
      });
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
      target.close();
    }
  });
}

export const command = {
  name: "backup",
  summary: "take a verified pg_dump of a database into S3 or a folder",
  usage,
  run: (argv: string[]): Promise<number> => runBackup(argv),
};
