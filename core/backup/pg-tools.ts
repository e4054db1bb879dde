import { ChildProcess, execFile } from "child_process";
import * as path from "path";
import type { Client } from "pg";
import { connectClient } from "../pg/with-client";
import { PgConnection } from "./connection";
import { BackupError, messageOf } from "./errors";

export interface PgToolsOptions {
  /** Folder holding pg_dump/pg_restore; default: whatever is on PATH. */
  pgBinDir?: string;
}

export function toolPath(tool: "pg_dump" | "pg_restore", options: PgToolsOptions = {}): string {
  return options.pgBinDir ? path.join(options.pgBinDir, tool) : tool;
}

/** A PostgreSQL version: major (15, or 9.6 for old ones) and the full text. */
export interface PgVersion {
  major: number;
  text: string;
}

/** Parses `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` and the like. */
export function parseToolVersion(output: string): PgVersion {
  const match =
    /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output) ??
    /\b(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!match) throw new BackupError("tool-missing", `cannot read a version from "${output.trim()}"`);
  const first = Number(match[1]);
  const major = first >= 10 ? first : Number(`${first}.${match[2] ?? "0"}`);
  return { major, text: match[0].replace(/^\(PostgreSQL\)\s+/, "") };
}

/** server_version_num: 150018 -> 15, 90624 -> 9.6. */
export function majorFromVersionNum(num: number): number {
  return num >= 100000
    ? Math.floor(num / 10000)
    : Math.floor(num / 10000) + Math.floor((num % 10000) / 100) / 10;
}

export async function toolVersion(
  tool: "pg_dump" | "pg_restore",
  options: PgToolsOptions = {},
): Promise<PgVersion> {
  const binary = toolPath(tool, options);
  const output = await new Promise<string>((resolve, reject) => {
    execFile(binary, ["--version"], (error, stdout) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        reject(
          new BackupError(
            "tool-missing",
            missing
              ? `${tool} not found (${binary}): install the PostgreSQL client tools`
              : `${binary} --version failed: ${messageOf(error)}`,
          ),
        );
      } else resolve(stdout);
    });
  });
  return parseToolVersion(output);
}

export interface ServerVersion {
  num: number;
  major: number;
  text: string;
}

export async function serverVersion(connection: PgConnection): Promise<ServerVersion> {
  let client: Client | undefined;
  try {
    client = await connectClient(connection.url);
    const num = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    const text = await client.query<{ server_version: string }>("SHOW server_version");
    const value = Number(num.rows[0].server_version_num);
    return { num: value, major: majorFromVersionNum(value), text: text.rows[0].server_version };
  } catch (error) {
    throw new BackupError(
      "database-unreachable",
      `cannot query the server version of database ${connection.display}: ${messageOf(error)}`,
    );
  } finally {
    await client?.end().catch(() => undefined);
  }
}

/** pg_dump refuses (or silently mis-dumps) servers newer than itself; say so before dumping. */
export function checkDumpCompatible(pgDump: PgVersion, server: ServerVersion, binary: string): void {
  if (pgDump.major < server.major) {
    throw new BackupError(
      "pg-dump-too-old",
      `pg_dump ${pgDump.text} (${binary}) is older than the server (PostgreSQL ${server.text}): ` +
        `pg_dump must be at least major version ${server.major}; install a newer client or pass pgBinDir`,
    );
  }
}

/** Exit of a child process, with the tail of its stderr. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  spawnError?: Error;
}

/** Collects a child's stderr (last 16 KiB) and resolves once it has exited and its pipes closed. */
export function watchChild(child: ChildProcess): Promise<ChildExit> {
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    stderr = (stderr + text).slice(-16384);
  });
  return new Promise((resolve) => {
    child.once("error", (spawnError) => resolve({ code: null, signal: null, stderr, spawnError }));
    child.once("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

export function describeExit(tool: string, exit: ChildExit): string {
  if (exit.spawnError) return `${tool} could not start: ${messageOf(exit.spawnError)}`;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = exit.stderr.trim();
  return `${tool} ${how}${detail ? `: ${detail}` : ""}`;
}

export function exitedCleanly(exit: ChildExit): boolean {
  return !exit.spawnError && exit.code === 0 && exit.signal === null;
}
