// Schema version verification for applications (field note 003: an app's /health must fail fast
// when the database is not at the schema the app was built for).
//
//   import { verifySchemaVersion } from "schemastack/verify";
//   app.get("/health", async (_req, res) => {
//     const check = await verifySchemaVersion(pool, "2026.11.3");  // a version or a fingerprint
//     res.status(check.ok ? 200 : 503).json(check);
//   });
import type { Queryable } from "../introspect/queryable";
import { defaultVersionTable, readVersionRow, type VersionRow, type VersionTable } from "./version-table";

export { readVersionRow, writeVersionRow, defaultVersionTable } from "./version-table";
export type { VersionRow, VersionTable } from "./version-table";

export type VerifyStatus = "match" | "mismatch" | "missing" | "error";

export interface VerifyResult {
  ok: boolean;
  status: VerifyStatus;
  /** What was expected: a version label or a fingerprint. */
  expected: string;
  /** Which field matched (when ok). */
  matched: "version" | "fingerprint" | null;
  /** The newest version row, when there is one. */
  actual: { version: string; fingerprint: string; stack: string; appliedAt: string } | null;
  message: string;
}

export interface VerifyOptions {
  table?: VersionTable;
  /** Give up after this long (default 2000 ms): a health check must answer quickly. */
  timeoutMs?: number;
}

/** Thrown by assertSchemaVersion, for apps that refuse to start on the wrong schema. */
export class SchemaVersionMismatchError extends Error {
  constructor(readonly result: VerifyResult) {
    super(result.message);
    this.name = "SchemaVersionMismatchError";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Compares the database's newest schema version row with `expected` (a version label such as
 * "2026.11.3", or a schema fingerprint). Never throws: connection problems give status "error".
 * `pool` is anything with pg's `query(text, values)` (a pg Pool or Client).
 */
export async function verifySchemaVersion(
  pool: Queryable,
  expected: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const table = options.table ?? defaultVersionTable;
  let row: VersionRow | undefined;
  try {
    row = await withTimeout(readVersionRow(pool, table), options.timeoutMs ?? 2000);
  } catch (e) {
    return {
      ok: false,
      status: "error",
      expected,
      matched: null,
      actual: null,
      message: `cannot read the schema version: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (!row) {
    return {
      ok: false,
      status: "missing",
      expected,
      matched: null,
      actual: null,
      message: `the database has no schema version row (${table.schema}.${table.table}): expected ${expected}`,
    };
  }
  const actual = {
    version: row.version,
    fingerprint: row.fingerprint,
    stack: row.stack,
    appliedAt: row.appliedAt.toISOString(),
  };
  const matched = row.version === expected ? "version" : row.fingerprint === expected ? "fingerprint" : null;
  return {
    ok: matched !== null,
    status: matched ? "match" : "mismatch",
    expected,
    matched,
    actual,
    message: matched
      ? `schema ${matched} matches: ${expected}`
      : `schema drift: the database is at version ${row.version} (fingerprint ${row.fingerprint}, applied ${actual.appliedAt} by stack ${row.stack}), expected ${expected}`,
  };
}

/** verifySchemaVersion that throws SchemaVersionMismatchError unless the version matches. */
export async function assertSchemaVersion(
  pool: Queryable,
  expected: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const result = await verifySchemaVersion(pool, expected, options);
  if (!result.ok) throw new SchemaVersionMismatchError(result);
  return result;
}
