// Branch drivers as plain data (Pulumi inputs, stack config): their option types only. Kept apart
// from the drivers so that a program which declares a rehearsal and is type-checked by ts-node does
// not load the Neon API client's declarations or the local copy methods through the drivers.
import type { RetryPolicy } from "./neon/retry";

/** Runs the private PostgreSQL servers that hold basebackup clones. */
export interface ClusterRunner {
  /** Folder of pg_basebackup and the server binaries. */
  binDir(): string;
  /** Runs a tool to completion; rejects with its stderr. */
  run(command: string, args: readonly string[]): Promise<unknown>;
  /** Starts the server whose data folder is `<dir>/data` (owned as the server needs); returns its port. */
  start(dir: string): Promise<number>;
  /** Stops the server of `<dir>/data` if it runs. */
  stop(dir: string): Promise<void>;
}

/** Progress of a dump copy: which phase, tables done of the tables with data. */
export interface DumpCopyProgress {
  phase: "dump" | "restore" | "sample";
  tablesDone: number;
  tablesTotal: number;
  /** The table just finished, when the tool named it. */
  table?: string;
}

export type LocalBranchMethod = "auto" | "template" | "basebackup" | "dump";

export interface LocalDriverOptions {
  /** How to copy; default "auto" (see the comment at the top). */
  method?: LocalBranchMethod;
  /**
   * Superuser URL on the parent's server for CREATE/DROP DATABASE and listing. Defaults to the
   * parent URL with database `postgres`; needed for listBranches with the template method.
   */
  adminUrl?: string;
  /** Template method: allow blocking new connections to the parent and ending its sessions. */
  terminateParentConnections?: boolean;
  /** Basebackup method: where branch clusters live. */
  clustersDir?: string;
  /**
   * Basebackup method: what starts and stops the clones' servers (core starts no servers itself;
   * localenv/branch-clusters.ts has the one for this repository's environments).
   */
  clusters?: ClusterRunner;
  /**
   * Dump method: superuser (or CREATEDB) URL of the server the copy is made on. Default: the
   * parent's own server (adminUrl).
   */
  rehearsalServerUrl?: string;
  /** Dump method: parallel pg_dump/pg_restore jobs (default min(4, CPUs)). */
  dumpJobs?: number;
  /** Dump method: copy at most this many rows per table (a weaker rehearsal, said in the handle). */
  rowLimit?: number;
  /** Dump method: per-table progress of the dump and the restore. */
  onProgress?: (progress: DumpCopyProgress) => void;
}

export interface NeonClientOptions {
  /** Neon API key, sent as a Bearer token; never logged nor put in error messages. */
  apiKey: string;
  /** API root, default https://console.neon.tech/api/v2. */
  baseUrl?: string;
  /** Per-request timeout (default 30 s). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Replaceable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface NeonDriverOptions extends NeonClientOptions {
  projectId: string;
  /** Database and role whose connection URI a branch handle carries (Neon's default: neondb / neondb_owner). */
  databaseName: string;
  roleName: string;
  /** Operation polling (default every 1 s, for at most 5 minutes). */
  pollIntervalMs?: number;
  operationTimeoutMs?: number;
}

export type BranchDriverConfig =
  ({ kind?: "local" } & LocalDriverOptions) | ({ kind: "neon" } & NeonDriverOptions);
