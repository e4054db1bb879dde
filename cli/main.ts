// schemastack CLI entry: dispatches to cli/commands/*, prints help, maps errors to exit codes,
// and redacts secrets from everything it prints. It loads only the command it runs (see
// cli/commands/index.ts): start-up is what `--help` and `verify` cost.
import { DataLossRefusedError, UnsupportedChangeError } from "../core/plan/step";
import { SchemaValidationError } from "../core/model/errors";
import { UsageError, formatOptions, parseArgs } from "./args";
import type { Command, Io, ParsedCommand } from "./command";
import { commands } from "./commands";
import { redactText as redact } from "../core/pg/connection-url";
import { installSignalHandlers, isStopping } from "./signals";

const processIo: Io = {
  out: (text) => process.stdout.write(redact(text)),
  err: (text) => process.stderr.write(redact(text)),
};

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "schemastack: declarative PostgreSQL schemas (inspect, plan, apply; Pulumi components for the rest)",
    "",
    "Usage: schemastack <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `schemastack <command> --help` for a command's options.",
    "",
  ].join("\n");
}

function commandHelp(c: Pick<Command, "usage" | "summary" | "details" | "options">): string {
  return [
    `Usage: ${c.usage}`,
    "",
    c.summary,
    ...(c.details ? ["", c.details] : []),
    "",
    "Options:",
    formatOptions([...c.options, { name: "help", description: "show this help" }]),
    "",
  ].join("\n");
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const safeIo: Io = { out: (t) => io.out(redact(t)), err: (t) => io.err(redact(t)) };
  // A real process (not a test calling main with its own Io): clean up on SIGINT/SIGTERM.
  if (io === processIo) installSignalHandlers(safeIo.err);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    safeIo.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    safeIo.err(`schemastack: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (command.runRaw) return command.runRaw(rest, safeIo);
  return runParsed(name, command, rest, safeIo);
}

async function runParsed(name: string, command: ParsedCommand, rest: string[], safeIo: Io): Promise<number> {
  if (rest.includes("--help") || rest.includes("-h")) {
    safeIo.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command.options), safeIo);
  } catch (e) {
    if (isStopping()) return 1;
    if (e instanceof UsageError) {
      safeIo.err(`schemastack ${name}: ${e.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (e instanceof DataLossRefusedError) {
      safeIo.err(
        `schemastack ${name}: ${e.message}\nNothing was changed. Re-run with --allow-data-loss to permit these steps.\n`,
      );
      return 3;
    }
    if (e instanceof SchemaValidationError || e instanceof UnsupportedChangeError) {
      safeIo.err(`schemastack ${name}: ${e.message}\n`);
      return 1;
    }
    safeIo.err(`schemastack ${name}: ${(e as Error).message ?? String(e)}\n`);
    const statement = (e as { statement?: unknown }).statement;
    if (typeof statement === "string" && rest.includes("--verbose"))
      safeIo.err(`the whole failing statement:\n${statement}\n`);
    return 1;
  }
}
