// `schemastack backups list|prune`: what backups exist per stack, and retention by hand.
import * as fs from "fs";
import * as path from "path";
import {
  applyRetention,
  backupRows,
  createBackupTarget,
  defaultS3Prefix,
  formatBackupTable,
  listBackups,
} from "../../core/backup";
import { formatBytes } from "../../core/backup/progress";
import {
  CommandIO,
  FlagSpec,
  formatHelp,
  parseFlags,
  processIO,
  runCommand,
  stringFlag,
  stringList,
  targetFlags,
  targetFromFlags,
  UsageError,
} from "../backup-flags";
import type { RawCommand } from "../command";
import { openCliStack } from "../open-stack";

const name = "backups";
const summary = "list a stack's verified backups, or prune them to the newest N";
const usage =
  "schemastack backups list [--stack NAME [--cwd DIR]] (--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] | --dir PATH) [--json]\n" +
  "       schemastack backups prune --stack NAME --keep N [--protect KEY]... (--bucket ... | --dir PATH) [--dry-run] [--json]";
const details =
  "list    backups newest first: when taken, age, stack, size, verified (a manifest means the dump\n" +
  "        was read back in full and its sha256 matched; dumps without one are listed as NOT verified),\n" +
  "        schema fingerprint, and with --stack the stack update that took each (read from the stack's\n" +
  "        history, like `schemastack history`, in the Pulumi program at --cwd)\n" +
  `        In a bucket, backups are under the prefix ${defaultS3Prefix} unless --prefix says otherwise\n` +
  "        (the program's default too: schemastack:backupPrefix); --prefix '' is the bucket root.\n" +
  "prune   keep the newest N backups of a stack plus every --protect KEY (dump key, manifest key or\n" +
  "        uri) and delete the rest, manifests first";
const options: FlagSpec[] = [
  { name: "stack", value: "NAME", description: "only this stack (list); the stack to prune (prune)" },
  ...targetFlags,
  { name: "keep", value: "N", description: "prune: how many of the newest backups to keep" },
  { name: "protect", value: "KEY", repeatable: true, description: "prune: never delete this backup" },
  { name: "dry-run", description: "prune: only say what would be deleted" },
  {
    name: "cwd",
    value: "DIR",
    description: "list: the Pulumi program's folder, to name each backup's update",
  },
  { name: "json", description: "print JSON" },
];

export async function runBackups(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseFlags(argv, options);
    if (values.help) return void io.out(formatHelp(usage, details, options));
    const [sub, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (sub !== "list" && sub !== "prune")
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : "missing subcommand: list or prune");
    const stack = stringFlag(values, "stack");
    let keep = 0;
    if (sub === "prune") {
      if (!stack) throw new UsageError("prune needs --stack");
      keep = Number(stringFlag(values, "keep"));
      if (!Number.isInteger(keep) || keep < 1)
        throw new UsageError("prune needs --keep N (a whole number >= 1)");
    }
    const target = createBackupTarget(targetFromFlags(values));
    try {
      if (sub === "list") {
        const listing = await listBackups(target, stack);
        const updates = stack
          ? await updatesOf(stack, stringFlag(values, "cwd"))
          : { keys: new Map(), note: null };
        const rows = backupRows(
          listing,
          (k) => target.uriOf(k),
          new Date(),
          (k) => updates.keys.get(k) ?? null,
        );
        if (values.json) {
          return void io.out(`${JSON.stringify({ backups: rows, invalid: listing.invalid }, null, 2)}\n`);
        }
        io.out(
          rows.length > 0
            ? `${formatBackupTable(rows, formatBytes)}\n`
            : `no backups${stack ? ` for stack ${stack}` : ""} in ${target.description}\n`,
        );
        if (updates.note) io.err(`${updates.note}\n`);
        for (const bad of listing.invalid)
          io.err(`unreadable manifest ${target.uriOf(bad.key)}: ${bad.reason}\n`);
        return;
      }
      const dryRun = values["dry-run"] === true;
      const result = await applyRetention(target, {
        stack: stack as string,
        keep,
        protectedKeys: stringList(values, "protect"),
        dryRun,
      });
      if (values.json) return void io.out(`${JSON.stringify(result, null, 2)}\n`);
      const verb = dryRun ? "would delete" : "deleted";
      for (const m of result.deleted) io.out(`${verb} ${m.uri}\n`);
      for (const o of result.deletedUnverified) io.out(`${verb} unverified ${target.uriOf(o.key)}\n`);
      io.out(
        `kept ${result.kept.length}, ${verb} ${result.deleted.length + result.deletedUnverified.length}\n`,
      );
    } finally {
      target.close();
    }
  });
}

/**
 * Which stack update took each backup (dump key -> "version N (update result)"), from the stack's
 * history when a Pulumi program is at `cwd`; otherwise an empty map and a note saying why.
 */
async function updatesOf(
  stack: string,
  cwd: string | undefined,
): Promise<{ keys: Map<string, string>; note: string | null }> {
  const dir = cwd ?? process.cwd();
  const keys = new Map<string, string>();
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml")) && !fs.existsSync(path.join(dir, "Pulumi.yml"))) {
    return { keys, note: cwd ? `no Pulumi program in ${dir}: the UPDATE column stays empty` : null };
  }
  try {
    const { stackHistoryWithSchemas } = await import("../../automation");
    const versions = await stackHistoryWithSchemas(await openCliStack(stack, dir));
    for (const v of versions) {
      for (const d of v.databases) {
        if (d.manifest) keys.set(d.manifest.key, `version ${v.version} (${v.kind} ${v.result})`);
      }
    }
    return { keys, note: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      keys,
      note: `could not read the history of stack ${stack} (UPDATE column left empty): ${reason}`,
    };
  }
}

/** The module shape the brief asked for: argv in, exit code out. */
export const command = { name, summary, usage, run: (argv: string[]): Promise<number> => runBackups(argv) };

/** The command for cli/commands/index.ts: cli/main hands it the raw arguments, parsed once, here. */
export const backupsCommand: RawCommand = {
  name,
  summary,
  usage,
  details,
  options,
  runRaw: (argv: string[], io: CommandIO): Promise<number> => runBackups(argv, io),
};
