// `schemastack backups list|prune`: what backups exist per stack, and retention by hand.
import { parseArgs } from "util";
import { applyRetention, createBackupTarget, listBackups } from "../../core/backup";
import {
  CommandIO,
  formatListing,
  processIO,
  runCommand,
  stringFlag,
  stringList,
  targetFlags,
  targetFromFlags,
  UsageError,
} from "../../core/backup/cli-support";

const usage =
  "schemastack backups list [--stack NAME] (--bucket B [--prefix P] [--endpoint URL] [--region R] [--path-style] | --dir PATH) [--json]\n" +
  "       schemastack backups prune --stack NAME --keep N [--protect KEY]... (--bucket ... | --dir PATH) [--dry-run] [--json]";

const help = `${usage}

list    verified backups (those with a manifest), newest first; dumps without a manifest are
        reported as unverified
prune   keep the newest N backups of a stack plus any --protect KEY (dump key, manifest key or
        uri) and delete the rest, manifests first
`;

export async function runBackups(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(io, usage, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...targetFlags,
        stack: { type: "string" },
        keep: { type: "string" },
        protect: { type: "string", multiple: true },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return void io.out(help);
    const [sub, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (sub !== "list" && sub !== "prune")
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : "missing subcommand: list or prune");
    const stack = stringFlag(values, "stack");
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
      if (!stack) throw new UsageError("prune needs --stack");
      const keep = Number(stringFlag(values, "keep"));
      if (!Number.isInteger(keep) || keep < 1)
        throw new UsageError("prune needs --keep N (a whole number >= 1)");
      const result = await applyRetention(target, {
        stack,
        keep,
        protectedKeys: stringList(values, "protect"),
        dryRun: values["dry-run"] === true,
      });
      if (values.json) return void io.out(`${JSON.stringify(result, null, 2)}\n`);
      const verb = values["dry-run"] ? "would delete" : "deleted";
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

export const command = {
  name: "backups",
  summary: "list a stack's backups, or prune them to the newest N",
  usage,
  run: (argv: string[]): Promise<number> => runBackups(argv),
};
