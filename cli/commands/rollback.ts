import { openCliStack } from "../open-stack";
import { UsageError, required, single } from "../args";
import type { Command } from "../command";
import { registerSecretsOf } from "../../core/pg/connection-url";
import { RollbackFailedError, RollbackRefusedError } from "../../core/rollback";

export const rollbackCommand: Command = {
  name: "rollback",
  summary: "roll a stack's databases back to an earlier stack version, restoring dropped data from dumps",
  usage: "schemastack rollback --stack NAME [--to VERSION] [--yes] [--cwd DIR] [--database-url URL]",
  details:
    "Recovers the declared schema of the target version from its checkpoint, plans from the live\n" +
    "database back to it and prints the plan with its hazards. Data that existed at the target version\n" +
    "and was destroyed since (a dropped table or column, a narrowing type change) is restored from the\n" +
    "pre-migration dump of the update that destroyed it: columns by primary key, tables with all rows.\n" +
    "Every dump needed is verified (size, sha256) and restored into a scratch database on the same\n" +
    "server (needs CREATEDB) before anything changes; a missing or corrupt dump stops the rollback.\n" +
    "Then the version row is written back and the target's deployment is imported into the stack, so\n" +
    "`pulumi preview` of the program at that version reports no changes.\n" +
    "Default target: the successful update before the latest one, or, when the latest update failed,\n" +
    "the last successful one. Without --yes only the plan is printed.\n" +
    "Exit codes: 0 done (or plan printed), 1 failed part-way, 4 refused before any change.",
  options: [
    { name: "stack", value: "NAME", description: "the stack" },
    { name: "to", value: "VERSION", description: "stack version to go back to (see schemastack history)" },
    { name: "yes", description: "apply (default: print the plan only)" },
    { name: "cwd", value: "DIR", description: "the Pulumi program's folder (default: the current one)" },
    {
      name: "database-url",
      value: "URL",
      description: "database to roll back (default: from the stack's state)",
    },
    {
      name: "scratch-url",
      value: "URL",
      description: "server for scratch restores (default: the database's)",
    },
  ],
  async run(args, io) {
    const to = single(args, "to");
    if (to !== undefined && !/^\d+$/.test(to))
      throw new UsageError(`--to must be a stack version number, not "${to}"`);
    const databaseUrl = single(args, "database-url");
    const scratchServerUrl = single(args, "scratch-url");
    for (const u of [databaseUrl, scratchServerUrl]) if (u) registerSecretsOf(u);
    const { rollbackStack, RollbackTargetError } = await import("../../automation");
    const stack = await openCliStack(required(args, "stack"), single(args, "cwd") ?? process.cwd());
    try {
      const result = await rollbackStack({
        stack,
        to: to === undefined ? undefined : Number(to),
        apply: args.flags.has("yes"),
        databaseUrl,
        scratchServerUrl,
        log: (t) => io.out(t),
      });
      if (!result.applied) {
        const blocked = Object.values(result.plans).some((p) => p.blockers.length > 0);
        io.out(
          blocked
            ? "cannot roll back (see above); nothing was changed\n"
            : `plan only: re-run with --yes to roll back to stack version ${result.target}\n`,
        );
        return blocked ? 4 : 0;
      }
      io.out(`rolled back ${stack.name} to stack version ${result.target}\n`);
      return 0;
    } catch (e) {
      if (e instanceof RollbackRefusedError || e instanceof RollbackTargetError) {
        io.err(`schemastack rollback: ${e.message}\n`);
        return 4;
      }
      if (e instanceof RollbackFailedError) {
        io.err(`schemastack rollback: ${e.message}\nThe Pulumi state was left as it was.\n`);
        return 1;
      }
      throw e;
    }
  },
};
