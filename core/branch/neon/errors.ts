// Errors from the Neon API, worded for the user and never carrying the API key: axios errors hold the
// request config (with the Authorization header), so they are translated here and not passed on as
// `cause`.
import { BranchError } from "../types";

export class NeonApiError extends BranchError {
  constructor(
    message: string,
    /** HTTP status, or undefined when no answer came (network error, timeout). */
    readonly status: number | undefined,
    /** Retry-After in ms, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "NeonApiError";
  }
}

interface HttpErrorShape {
  isAxiosError: true;
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown; headers?: Record<string, unknown> };
}

function isHttpError(error: unknown): error is HttpErrorShape {
  return (
    typeof error === "object" && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/** Turns whatever the client threw into a NeonApiError naming the request, with secrets removed. */
export function toNeonApiError(
  error: unknown,
  request: string,
  secrets: readonly string[],
  parseRetryAfter: (value: string | undefined) => number | undefined,
): NeonApiError {
  if (error instanceof NeonApiError) return error;
  const scrub = (text: string) =>
    secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join("***"), text);
  if (!isHttpError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new NeonApiError(scrub(`Neon API ${request} failed: ${text}`), undefined);
  }
  if (!error.response) {
    return new NeonApiError(
      scrub(`Neon API ${request} got no answer: ${error.code ?? error.message ?? "network error"}`),
      undefined,
    );
  }
  const { status, data, headers } = error.response;
  const body = describeBody(data);
  const retryAfterHeader = headers?.["retry-after"];
  const retryAfterMs = parseRetryAfter(typeof retryAfterHeader === "string" ? retryAfterHeader : undefined);
  const hint =
    status === 401
      ? " The API key was rejected: check the Neon API key given to the neon branch driver (the key itself is not shown)."
      : status === 403
        ? " The API key is not allowed to do this on the project."
        : "";
  return new NeonApiError(
    scrub(`Neon API ${request} failed with ${status}${body}.${hint}`),
    status,
    retryAfterMs,
  );
}

/** The GeneralError body ({code, message, request_id}) in a few words. */
function describeBody(data: unknown): string {
  if (typeof data !== "object" || data === null)
    return typeof data === "string" && data ? `: ${data.slice(0, 200)}` : "";
  const { code, message, request_id } = data as { code?: unknown; message?: unknown; request_id?: unknown };
  const parts = [
    typeof code === "string" && code ? `[${code}]` : undefined,
    typeof message === "string" ? message : undefined,
    typeof request_id === "string" ? `(request ${request_id})` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length ? `: ${parts.join(" ")}` : "";
}
