import { openCliStack } from "../open-stack";
import { single } from "../args";
import { UsageError } from "../args";
import type { Command } from "../command";

export const upCommand: Command = {
  name: "up",
  summary: "pulumi up through the Automation API, rolling back automatically when it fails part-way",
  usage: "schemastack up --stack NAME [--cwd DIR] [--auto-rollback | --no-auto-rollback]",
  details:
    "Runs `pulumi up --yes` for the stack. When the update fails and automatic rollback is on, the\n" +
    "stack goes back to the last successful update before it, exactly like `schemastack rollback\n" +
    "--to <that version> --yes` (data destroyed by the failed update restored from its own\n" +
    "pre-migration dump, version row and Pulumi state set back), and both the failure and the\n" +
    "rollback are reported. Automatic rollback is on when the stack config says so:\n" +
    "  pulumi config set schemastack:autoRollback true\n" +
    "or with --auto-rollback. A plain `pulumi up` keeps Pulumi's own behaviour.\n" +
    "Exit codes: 0 succeeded, 1 failed (no rollback), 5 failed and rolled back, 6 failed and the\n" +
    "rollback failed too.",
  options: [
    { name: "stack", value: "NAME", description: "the stack" },
    { name: "cwd", value: "DIR", description: "the Pulumi program's folder (default: the current one)" },
    { name: "auto-rollback", description: "roll back on failure whatever the stack config says" },
    { name: "no-auto-rollback", description: "never roll back" },
  ],
  async run(args, io) {
    const name = single(args, "stack");
    if (!name) throw new UsageError("--stack is required");
    if (args.flags.has("auto-rollback") && args.flags.has("no-auto-rollback"))
      throw new UsageError("--auto-rollback and --no-auto-rollback contradict each other");
    const autoRollback = args.flags.has("auto-rollback")
      ? true
      : args.flags.has("no-auto-rollback")
        ? false
        : undefined;
    const { upWithRollback } = await import("../../automation");
    const stack = await openCliStack(name, single(args, "cwd") ?? process.cwd());
    const outcome = await upWithRollback({
      stack,
      autoRollback,
      log: (t) => io.err(t),
      onOutput: (t) => io.out(t),
    });
    switch (outcome.status) {
      case "succeeded":
        return 0;
      case "failed":
        io.err(
          `schemastack up: the update failed${outcome.rollback === "off" ? " (automatic rollback is off)" : "; nothing to roll back to"}\n`,
        );
        return 1;
      case "rolled-back":
        io.err(
          `schemastack up: the update failed and was rolled back to stack version ${outcome.rollback.target} ` +
            `(schema ${Object.entries(outcome.rollback.targetSchemaVersions)
              .map(([db, v]) => `${db}=${v ?? "?"}`)
              .join(", ")})\n`,
        );
        return 5;
      case "rollback-failed":
        io.err(
          `schemastack up: the update failed, and the automatic rollback to stack version ${outcome.target} failed too: ${outcome.rollbackError.message}\n`,
        );
        return 6;
    }
  },
};
