import type { OptionSpec, ParsedArgs } from "./args";

/** What a command writes to; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface CommandInfo {
  name: string;
  summary: string;
  usage: string;
  /** More text for `<command> --help`. */
  details?: string;
  options: OptionSpec[];
}

/** A command whose arguments cli/main parses (cli/args.ts) and whose --help it prints. */
export interface ParsedCommand extends CommandInfo {
  /** Returns the exit code. */
  run(args: ParsedArgs, io: Io): Promise<number>;
  runRaw?: never;
}

/**
 * A command with its own argument parser (node:util parseArgs): it receives the raw arguments after
 * the command name, --help included, and parses them once.
 */
export interface RawCommand extends CommandInfo {
  runRaw(argv: string[], io: Io): Promise<number>;
  run?: never;
}

/** One CLI command; each lives in its own file under cli/commands and is listed in cli/commands/index.ts. */
export type Command = ParsedCommand | RawCommand;
