import { redactText as redact, registerSecret } from "../pg/connection-url";

/**
 * Errors of the backup layer. Every message names what failed (bucket, folder, database) and the
 * cause, and passes through `redact` so no password or secret key ever reaches a log.
 */

export type BackupErrorCode =
  | "invalid-options"
  | "endpoint-unreachable"
  | "invalid-credentials"
  | "access-denied"
  | "bucket-missing"
  | "object-missing"
  | "storage-error"
  | "database-unreachable"
  | "pg-dump-too-old"
  | "tool-missing"
  | "dump-failed"
  | "verify-failed"
  | "checksum-mismatch"
  | "manifest-missing"
  | "manifest-invalid"
  | "restore-failed"
  | "cancelled";

export class BackupError extends Error {
  override readonly name = "BackupError";

  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(redact(message));
  }
}

/** Secret masking is core/pg/connection-url's: one set of rules for every message schemastack prints. */
export { redact, registerSecret };

/** The message of anything thrown, redacted. */
export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return redact(error.errors.map((e) => messageOf(e)).join("; "));
  }
  if (error instanceof Error) return redact(error.message || error.name);
  return redact(String(error));
}
