// The rehearsal's copy settings from stack config, in one place (the Pulumi shells hand over a getter):
//   schemastack:rehearsalMethod    auto (default) | template | dump | basebackup | neon
//   schemastack:rehearsalServer    superuser/CREATEDB URL of the server dump copies go to (a secret);
//                                  default the parent's own server
//   schemastack:rehearsalRowLimit  copy at most N rows per table (dump only; a weaker rehearsal)
//   schemastack:rehearsalJobs      parallel pg_dump/pg_restore jobs (default min(4, CPUs))
import type { BranchDriverConfig } from "./index";
import type { DumpCopyProgress } from "./local/dump-copy";
import { rehearsalMethods, RehearsalMethod } from "./choose";
import { BranchError } from "./types";

export interface RehearsalSettings {
  method: RehearsalMethod;
  server?: string;
  rowLimit?: number;
  jobs?: number;
}

export const rehearsalConfigKeys = {
  method: "schemastack:rehearsalMethod",
  server: "schemastack:rehearsalServer",
  rowLimit: "schemastack:rehearsalRowLimit",
  jobs: "schemastack:rehearsalJobs",
} as const;

/** Reads and checks the settings; errors name the key and the value's problem. */
export function parseRehearsalSettings(get: (key: string) => string | undefined): RehearsalSettings {
  const method = get(rehearsalConfigKeys.method)?.trim() || "auto";
  if (!(rehearsalMethods as readonly string[]).includes(method)) {
    throw new BranchError(
      `stack config ${rehearsalConfigKeys.method}: "${method}" is not one of ${rehearsalMethods.join(", ")}`,
    );
  }
  const server = get(rehearsalConfigKeys.server)?.trim() || undefined;
  if (server !== undefined && !/^postgres(ql)?:\/\/[^/]/.test(server)) {
    throw new BranchError(
      `stack config ${rehearsalConfigKeys.server}: expected a postgres:// URL of a server`,
    );
  }
  const rowLimit = positive(get(rehearsalConfigKeys.rowLimit), rehearsalConfigKeys.rowLimit);
  const jobs = positive(get(rehearsalConfigKeys.jobs), rehearsalConfigKeys.jobs);
  if (rowLimit !== undefined && method !== "auto" && method !== "dump") {
    throw new BranchError(
      `stack config ${rehearsalConfigKeys.rowLimit} needs the dump method, but ${rehearsalConfigKeys.method} is "${method}"`,
    );
  }
  return {
    method: method as RehearsalMethod,
    ...(server !== undefined ? { server } : {}),
    ...(rowLimit !== undefined ? { rowLimit } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
  };
}

/**
 * The program's driver config with the stack's settings applied: a method or server set in stack
 * config wins over the program's. Asking for neon needs the program's neon driver (API key, project).
 */
export function withRehearsalSettings(
  config: BranchDriverConfig,
  settings: RehearsalSettings,
  onProgress?: (progress: DumpCopyProgress) => void,
): BranchDriverConfig {
  if (config.kind === "neon") {
    if (settings.method !== "auto" && settings.method !== "neon") {
      throw new BranchError(
        `stack config ${rehearsalConfigKeys.method} is "${settings.method}" but the program configures the neon driver; ` +
          "remove the setting or the program's driver",
      );
    }
    return config;
  }
  if (settings.method === "neon") {
    throw new BranchError(
      `stack config ${rehearsalConfigKeys.method} is "neon" but the program gives no neon driver (API key, project id): ` +
        'pass rehearsal.driver = { kind: "neon", ... }',
    );
  }
  return {
    ...config,
    ...(settings.method !== "auto" || config.method === undefined ? { method: settings.method } : {}),
    ...(settings.server !== undefined ? { rehearsalServerUrl: settings.server } : {}),
    ...(settings.rowLimit !== undefined ? { rowLimit: settings.rowLimit } : {}),
    ...(settings.jobs !== undefined ? { dumpJobs: settings.jobs } : {}),
    ...(onProgress ? { onProgress } : {}),
  };
}

function positive(raw: string | undefined, key: string): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new BranchError(`stack config ${key}: expected a whole number >= 1, got "${raw}"`);
  }
  return value;
}

/**
 * A progress callback that prints a line per phase change and at most one every `everyMs` within a
 * phase (a rehearsal's output should show the copy moving, not one line per table).
 */
export function progressPrinter(
  print: (line: string) => void,
  everyMs = 2000,
  now: () => number = Date.now,
): (progress: DumpCopyProgress) => void {
  let phase = "";
  let last = 0;
  return (p) => {
    const finished = p.tablesDone === p.tablesTotal;
    if (p.phase === phase && !finished && now() - last < everyMs) return;
    phase = p.phase;
    last = now();
    print(
      `copying the parent: ${p.phase} ${p.tablesDone}/${p.tablesTotal} tables${p.table ? ` (${p.table})` : ""}`,
    );
  };
}
