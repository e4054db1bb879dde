// `schemastack backups list|prune`: what backups exist per stack, and retention by hand.
import { applyRetention, createBackupTarget, listBackups } from "../../core/backup";
import {
  CommandIO,
  FlagSpec,
  formatHelp,
  formatListing,
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

const name = "backups";
const summary = "list a stack's verified backups, or prune them to the newest N";
const usage =
  "schemastack backups list [--stack NAME] (--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] | --dir PATH) [--json]\n" +
  "       schemastack backups prune --stack NAME --keep N [--protect KEY]... (--bucket ... | --dir PATH) [--dry-run] [--json]";
const details =
  "list    verified backups (those with a manifest), newest first; dumps without a manifest are\n" +
  "        reported as unverified\n" +
  "prune   keep the newest N backups of a stack plus every --protect KEY (dump key, manifest key or\n" +
  "        uri) and delete the rest, manifests first";
const options: FlagSpec[] = [
  { name: "stack", value: "NAME", description: "only this stack (list); the stack to prune (prune)" },
  ...targetFlags,
  { name: "keep", value: "N", description: "prune: how many of the newest backups to keep" },
  { name: "protect", value: "KEY", repeatable: true, description: "prune: never delete this backup" },
  { name: "dry-run", description: "prune: only say what would be deleted" },
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
        if (values.json) return void io.out(`${JSON.stringify(listing, null, 2)}\n`);
        io.out(
          listing.backups.length > 0
            ? `${formatListing(listing.backups)}\n`
            : `no verified backups${stack ? ` for stack ${stack}` : ""} in ${target.description}\n`,
        );
        for (const o of listing.unverified) io.out(`unverified (no manifest): ${target.uriOf(o.key)}\n`);
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
