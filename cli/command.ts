import type { OptionSpec, ParsedArgs } from "./args";

/** What a command writes to; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** One CLI command; each lives in its own file under cli/commands and is listed in cli/commands/index.ts. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** More text for `<command> --help`. */
  details?: string;
  options: OptionSpec[];
  /** Returns the exit code. */
  run(args: ParsedArgs, io: Io): Promise<number>;
  /**
   * For commands with their own argument parser (e.g. node:util parseArgs): receives the raw
   * arguments after the command name, including --help; `options`/`run` are then unused.
   */
  runRaw?(argv: string[], io: Io): Promise<number>;
}
