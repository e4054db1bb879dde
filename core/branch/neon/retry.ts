// Bounded exponential backoff with full jitter for Neon's "try again" answers: 423 Locked (another
// operation runs on the project), 429 Too Many Requests and 503 Service Unavailable.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Ceiling of the first retry's delay; it doubles per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 10_000 };

export const retryableStatuses: ReadonlySet<number> = new Set([423, 429, 503]);

/**
 * Delay before retry number `retry` (0 for the first retry): uniform in [0, min(max, base * 2^retry)]
 * ("full jitter", so concurrent callers spread out), but at least a server's Retry-After (capped).
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined
    ? jittered
    : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryDecision {
  retry: boolean;
  retryAfterMs?: number;
}

/** Runs fn, retrying while `decide` says so, at most policy.maxAttempts times in all. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = decide(error);
      if (!decision.retry || attempt >= policy.maxAttempts) throw error;
      await sleep(backoffDelay(attempt - 1, policy, decision.retryAfterMs));
    }
  }
}
