import { BackupError, messageOf } from "./errors";

const networkCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);
const credentialNames = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidToken",
  "ExpiredToken",
  "InvalidClientTokenId",
  "CredentialsProviderError",
  "AuthorizationHeaderMalformed",
]);

interface ErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): ErrorShape {
  return typeof error === "object" && error !== null ? (error as ErrorShape) : {};
}

/** Error codes anywhere in an error, its AggregateError members and its causes. */
function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  const e = shape(error);
  const own = [e.name, e.Code, e.code].filter((c): c is string => typeof c === "string");
  const nested = [...(Array.isArray(e.errors) ? e.errors : []), ...(e.cause !== undefined ? [e.cause] : [])];
  return [...own, ...nested.flatMap((n) => codesOf(n, depth + 1))];
}

/**
 * Turns an S3 SDK or network error into a BackupError naming the bucket and the cause:
 * unreachable endpoint, rejected credentials, missing bucket, denied access.
 */
export function describeS3Error(
  error: unknown,
  context: { bucket: string; endpoint: string; action: string; key?: string },
): BackupError {
  if (error instanceof BackupError) return error;
  const codes = codesOf(error);
  const status = shape(error).$metadata?.httpStatusCode;
  const where = `S3 bucket "${context.bucket}" at ${context.endpoint}`;
  const detail = messageOf(error);
  if (
    codes.some((c) => networkCodes.has(c)) ||
    codes.includes("TimeoutError") ||
    codes.includes("RequestTimeout")
  ) {
    return new BackupError(
      "endpoint-unreachable",
      `${where}: endpoint unreachable while trying to ${context.action} (${detail})`,
    );
  }
  const bare404 = status === 404 && codes.includes("NotFound");
  if (codes.includes("NoSuchBucket") || (bare404 && context.key === undefined)) {
    return new BackupError(
      "bucket-missing",
      `${where}: bucket does not exist (${context.action}: ${detail})`,
    );
  }
  if (codes.includes("CredentialsProviderError")) {
    return new BackupError(
      "invalid-credentials",
      `${where}: no S3 credentials found while trying to ${context.action} (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, use a role, or pass credentials: ${detail})`,
    );
  }
  // Other servers name it their own way (versitygw: XAdminUserNotFound for an unknown access key).
  if (
    codes.some((c) => credentialNames.has(c) || /AccessKey|Signature|Credential|Token|UserNotFound/i.test(c))
  ) {
    return new BackupError(
      "invalid-credentials",
      `${where}: credentials rejected while trying to ${context.action} (${codes[0]}: ${detail})`,
    );
  }
  if (codes.includes("AccessDenied") || codes.includes("Forbidden") || status === 403) {
    return new BackupError(
      "access-denied",
      `${where}: access denied while trying to ${context.action} (wrong credentials or missing permission: ${detail})`,
    );
  }
  if (codes.includes("NoSuchKey") || bare404) {
    return new BackupError(
      "object-missing",
      `${where}: object "${context.key ?? "?"}" not found (${context.action})`,
    );
  }
  return new BackupError(
    "storage-error",
    `${where}: failed to ${context.action} (${codes[0] ?? "error"}: ${detail})`,
  );
}
