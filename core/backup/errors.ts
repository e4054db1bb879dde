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

/** Secrets seen by this process (database passwords, secret keys); `redact` masks them anywhere. */
const knownSecrets = new Set<string>();

/** Registers a secret so any later message containing it is masked. Very short values are ignored. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) knownSecrets.add(secret);
}

/** Masks URL passwords (`scheme://user:pass@`) and every registered secret, also percent-encoded. */
export function redact(text: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, "$1***@");
  for (const secret of knownSecrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join("***");
    }
  }
  return out;
}

/** The message of anything thrown, redacted. */
export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return redact(error.errors.map((e) => messageOf(e)).join("; "));
  }
  if (error instanceof Error) return redact(error.message || error.name);
  return redact(String(error));
}
