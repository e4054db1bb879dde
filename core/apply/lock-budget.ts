/** Timeouts and retry policy per step. */
export interface LockBudget {
  /** lock_timeout per statement (ms): a DDL waiting for a lock blocks everyone queued behind it. */
  lockTimeoutMs: number;
  /** statement_timeout per statement (ms); 0 = none (index builds can be long). */
  statementTimeoutMs: number;
  /** Extra attempts after a lock timeout. */
  retries: number;
  /** First backoff (ms); doubles each retry, with jitter. */
  backoffMs: number;
}

export const defaultLockBudget: LockBudget = {
  lockTimeoutMs: 3000,
  statementTimeoutMs: 0,
  retries: 5,
  backoffMs: 500,
};

export function backoffDelay(budget: LockBudget, attempt: number): number {
  const base = budget.backoffMs * 2 ** (attempt - 1);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
