// Flag handling shared by the backup, restore and backups commands. They parse their own arguments
// (node's util.parseArgs, strict) from the raw argv cli/main hands them (Command.runRaw), once.
// Secrets never come from flags: S3 credentials come from the standard AWS chain, and the database
// URL may come from SCHEMASTACK_DATABASE_URL.
import { parseArgs, ParseArgsConfig } from "util";
import { BackupError, messageOf } from "../core/backup/errors";
import { formatBytes } from "../core/backup/progress";
import type { BackupManifest } from "../core/backup/manifest";
import type { S3ConnectionOptions } from "../core/backup/s3-target";
import type { BackupTargetConfig } from "../core/backup/targets";
import { UsageError, type OptionSpec } from "./args";
import type { Io } from "./command";

export { UsageError };
/** What a backup command writes to (cli/command.ts's Io). */
export type CommandIO = Io;

export const processIO: CommandIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** One flag: cli/args.ts's OptionSpec, so the help is printed the same way. */
export type FlagSpec = OptionSpec;

export const s3ConnectionFlags: FlagSpec[] = [
  { name: "endpoint", value: "URL", description: "S3-compatible server (implies --path-style)" },
  { name: "region", value: "R", description: "S3 region (default AWS_REGION, else us-east-1)" },
  { name: "path-style", description: "path-style S3 addressing (bucket in the path)" },
];

export const targetFlags: FlagSpec[] = [
  {
    name: "bucket",
    value: "B",
    description: "S3 bucket; credentials come from the standard AWS chain (env, profile, role)",
  },
  { name: "prefix", value: "P", description: "key prefix inside the bucket or folder" },
  ...s3ConnectionFlags,
  { name: "sse", value: "MODE", description: "S3 server-side encryption: AES256 or aws:kms" },
  { name: "sse-kms-key-id", value: "ID", description: "KMS key for --sse aws:kms" },
  { name: "dir", value: "PATH", description: "a local folder instead of S3" },
];

/** Parses argv against flag specs (node's util.parseArgs, strict). */
export function parseFlags(
  argv: string[],
  specs: readonly FlagSpec[],
): { values: FlagValues; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const spec of specs)
    options[spec.name] = {
      type: spec.value ? "string" : "boolean",
      ...(spec.repeatable ? { multiple: true } : {}),
    };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values, positionals };
}

export function formatHelp(usage: string, details: string, specs: readonly FlagSpec[]): string {
  const lines = specs.map(
    (o) =>
      `  ${`--${o.name}${o.value ? ` ${o.value}` : ""}`.padEnd(28)} ${o.description}${o.repeatable ? " (repeatable)" : ""}`,
  );
  return `usage: ${usage}\n\n${details}\n\noptions:\n${lines.join("\n")}\n`;
}

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new UsageError(`--${name} needs a value`);
  return value;
}

export function stringList(values: FlagValues, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

export function s3ConnectionFromFlags(values: FlagValues): S3ConnectionOptions {
  const endpoint = stringFlag(values, "endpoint");
  return {
    endpoint,
    region: stringFlag(values, "region"),
    forcePathStyle: values["path-style"] === true ? true : endpoint !== undefined,
  };
}

/** `--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] [--sse ...]` or `--dir PATH`. */
export function targetFromFlags(values: FlagValues): BackupTargetConfig {
  const bucket = stringFlag(values, "bucket");
  const dir = stringFlag(values, "dir");
  if ((bucket === undefined) === (dir === undefined))
    throw new UsageError("give exactly one of --bucket or --dir");
  if (dir !== undefined) {
    for (const s3Only of ["endpoint", "region", "path-style", "sse", "sse-kms-key-id"]) {
      if (values[s3Only] !== undefined) throw new UsageError(`--${s3Only} only applies to --bucket`);
    }
    return { kind: "folder", path: dir, prefix: stringFlag(values, "prefix") };
  }
  const sse = stringFlag(values, "sse");
  if (sse !== undefined && sse !== "AES256" && sse !== "aws:kms")
    throw new UsageError(`--sse must be AES256 or aws:kms (got ${sse})`);
  const kmsKeyId = stringFlag(values, "sse-kms-key-id");
  if (kmsKeyId !== undefined && sse !== "aws:kms")
    throw new UsageError("--sse-kms-key-id needs --sse aws:kms");
  return {
    kind: "s3",
    bucket: bucket as string,
    prefix: stringFlag(values, "prefix"),
    ...s3ConnectionFromFlags(values),
    ...(sse ? { serverSideEncryption: sse } : {}),
    ...(kmsKeyId ? { kmsKeyId } : {}),
  };
}

/** --database-url, else SCHEMASTACK_DATABASE_URL (keeps a password out of shell history). */
export function databaseUrlFrom(values: FlagValues): string {
  const url = stringFlag(values, "database-url") ?? process.env.SCHEMASTACK_DATABASE_URL;
  if (!url) throw new UsageError("--database-url is required (or set SCHEMASTACK_DATABASE_URL)");
  return url;
}

/** Runs a command body: usage errors exit 2 with the usage, backup errors exit 1, never a stack trace. */
export async function runCommand(io: CommandIO, usage: string, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`error: ${messageOf(error)}\n\nusage: ${usage}\n`);
      return 2;
    }
    const prefix = error instanceof BackupError ? "" : "unexpected error: ";
    io.err(`error: ${prefix}${messageOf(error)}\n`);
    return error instanceof BackupError && error.code === "cancelled" ? 130 : 1;
  }
}

export function describeManifest(m: BackupManifest): string {
  return [
    `backup    ${m.uri}`,
    `manifest  ${m.target === "s3" ? `s3://${m.bucket}/${m.manifestKey}` : m.uri + ".manifest.json"}`,
    `size      ${formatBytes(m.sizeBytes)} (${m.sizeBytes} bytes)`,
    `sha256    ${m.sha256}`,
    `stack     ${m.stack}`,
    `database  ${m.database} (PostgreSQL ${m.serverVersion}, pg_dump ${m.pgDumpVersion})`,
    `schema    ${m.schemaFingerprint ?? "(no fingerprint)"}`,
    `taken     ${m.createdAt} (verified ${m.verifiedAt})`,
  ].join("\n");
}

/** One line per backup, aligned. */
export function formatListing(backups: readonly BackupManifest[]): string {
  const rows = backups.map((m) => [
    m.createdAt,
    m.stack,
    formatBytes(m.sizeBytes),
    (m.schemaFingerprint ?? "-").slice(0, 12),
    m.uri,
  ]);
  const header = ["TAKEN", "STACK", "SIZE", "SCHEMA", "LOCATION"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "))
    .join("\n");
}
