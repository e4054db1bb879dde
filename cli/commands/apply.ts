import { applySchema } from "../../core/apply/apply-schema";
import { defaultLockBudget } from "../../core/apply/lock-budget";
import { backfillProgressWriter } from "../../core/apply/backfill-progress";
import { UnmanagedDependentError } from "../../core/plan/step";
import { integer } from "../args";
import type { Command } from "../command";
import { redactUrl } from "../../core/pg/connection-url";
import { withConnection } from "../connect";
import { desiredFromArgs, desiredOptions } from "./desired-options";

export const applyCommand: Command = {
  name: "apply",
  summary: "apply the desired schema to the database, then re-inspect to confirm convergence",
  usage:
    "schemastack apply --database-url URL --desired FILE [--scope FILE] [--ignore KIND:PATTERN]... [--allow-data-loss] [--lock-timeout MS]",
  details:
    "Takes a database-wide advisory lock (concurrent runs wait), plans under it, runs each step with\n" +
    "lock_timeout / statement_timeout, retries lock timeouts with backoff, and refuses destructive\n" +
    "steps unless --allow-data-loss. Exit code 4: unmanaged live objects (a hand-made view, a trigger...)\n" +
    "depend on what the plan drops or changes; nothing ran.",
  options: [
    ...desiredOptions,
    { name: "allow-data-loss", description: "permit steps that drop tables, columns or data" },
    {
      name: "lock-timeout",
      value: "MS",
      description: `lock_timeout per step (default ${defaultLockBudget.lockTimeoutMs})`,
    },
    {
      name: "statement-timeout",
      value: "MS",
      description: `statement_timeout per step (default ${defaultLockBudget.statementTimeoutMs} = none)`,
    },
    {
      name: "retries",
      value: "N",
      description: `retries after a lock timeout (default ${defaultLockBudget.retries})`,
    },
  ],
  async run(args, io) {
    const { url, desired, scope } = await desiredFromArgs(args);
    io.err(`target: ${redactUrl(url)}\n`);
    const budget = {
      ...(integer(args, "lock-timeout") !== undefined
        ? { lockTimeoutMs: integer(args, "lock-timeout") }
        : {}),
      ...(integer(args, "statement-timeout") !== undefined
        ? { statementTimeoutMs: integer(args, "statement-timeout") }
        : {}),
      ...(integer(args, "retries") !== undefined ? { retries: integer(args, "retries") } : {}),
    };
    // Backfill progress on stderr: one line rewritten in place on a terminal, else a line every 2 s.
    const tty = process.stderr.isTTY === true;
    const progress = backfillProgressWriter(
      (line, final) => io.err(tty ? `\r\x1b[K${line}${final ? "\n" : ""}` : `${line}\n`),
      tty ? 200 : 2000,
    );
    const run = withConnection(url, (c) =>
      applySchema(c, desired, {
        allowDataLoss: args.flags.has("allow-data-loss"),
        scope,
        budget,
        onLockWait: () => io.err("waiting for another schemastack run to finish...\n"),
        onEvent: (e) => {
          progress(e);
          if (e.type === "done") io.out(`ok   ${e.step.description} (${e.ms} ms)\n`);
          if (e.type === "retry") {
            const who = e.blockers.map((b) => `pid ${b.pid}`).join(", ") || "unknown";
            io.err(
              `lock timeout on "${e.step.description}" (blocked by ${who}); retry ${e.attempt} in ${e.delayMs} ms\n`,
            );
          }
          if (e.type === "cleanup") io.err(`cleanup: ${e.sql}\n`);
        },
      }),
    );
    // Same exit code as `plan` for a plan that unmanaged live objects block (nothing ran).
    const result = await run.catch((e: unknown) => {
      if (e instanceof UnmanagedDependentError) return e;
      throw e;
    });
    if (result instanceof UnmanagedDependentError) {
      io.err(`schemastack apply: ${result.message}\n`);
      return 4;
    }
    io.out(
      result.executedSteps === 0
        ? "no changes\n"
        : `applied ${result.executedSteps} step(s); the database matches the desired schema\n`,
    );
    return 0;
  },
};
