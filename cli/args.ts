// A small argument parser: --name value, --name=value, repeatable options, boolean flags.

export interface OptionSpec {
  name: string;
  /** Takes a value (else a boolean flag). */
  value?: string;
  repeatable?: boolean;
  description: string;
}

export interface ParsedArgs {
  values: Map<string, string[]>;
  flags: Set<string>;
  positional: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parseArgs(argv: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), flags: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const spec = options.find((o) => o.name === name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value (${spec.value})`);
    const list = parsed.values.get(name) ?? [];
    if (list.length && !spec.repeatable) throw new UsageError(`--${name} given twice`);
    parsed.values.set(name, [...list, value]);
  }
  return parsed;
}

export function single(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

export function required(args: ParsedArgs, name: string): string {
  const v = single(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

export function integer(args: ParsedArgs, name: string): number | undefined {
  const v = single(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number of milliseconds, not "${v}"`);
  return Number(v);
}

export function formatOptions(options: readonly OptionSpec[]): string {
  return options
    .map((o) => {
      const left = `  --${o.name}${o.value ? ` ${o.value}` : ""}`;
      return `${left.padEnd(30)} ${o.description}${o.repeatable ? " (repeatable)" : ""}`;
    })
    .join("\n");
}
