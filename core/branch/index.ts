// Branch drivers (DESIGN.md layer 6): one interface, a local driver (default) and a Neon driver.
import { LocalBranchDriver } from "./local/driver";
import { NeonBranchDriver } from "./neon/driver";
import type { BranchDriverConfig } from "./driver-config";
import { BranchDriver } from "./types";

export * from "./types";
export { LocalBranchDriver, LocalDriverOptions, LocalBranchMethod } from "./local/driver";
export type { ClusterRunner } from "./local/basebackup";
export { NeonBranchDriver, NeonDriverOptions } from "./neon/driver";
export { NeonApiError } from "./neon/errors";
export { chooseBranchMethod, isNeonHost, rehearsalMethods } from "./choose";
export type { CopyMethod, MethodChoice, ParentFacts, RehearsalMethod } from "./choose";
export {
  parseRehearsalSettings,
  progressPrinter,
  rehearsalConfigKeys,
  withRehearsalSettings,
} from "./rehearsal-settings";
export type { BranchDriverConfig } from "./driver-config";
export type { RehearsalSettings } from "./rehearsal-settings";
export { formatDuration, formatRehearsalCost, readRehearsalReport } from "./rehearsal-report";
export type { RehearsalReport, RehearsedStep } from "./rehearsal-report";
export { createDumpCopyBranch, defaultDumpJobs } from "./local/dump-copy";
export type { DumpCopyOptions, DumpCopyProgress, DumpCopyResult } from "./local/dump-copy";
export { RetryPolicy, defaultRetryPolicy } from "./neon/retry";
export { defaultNeonBaseUrl } from "./neon/client";

/** The driver a configuration asks for; without a kind, the local one. */
export function createBranchDriver(config: BranchDriverConfig = {}): BranchDriver {
  if (config.kind === "neon") return new NeonBranchDriver(config);
  return new LocalBranchDriver(config);
}
