import * as assert from "assert";
import { backoffDelay, parseRetryAfter, withRetry } from "../../../core/branch/neon/retry";

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe("branch retry backoff", () => {
  it("grows exponentially under a cap, with full jitter", () => {
    assert.strictEqual(
      backoffDelay(0, policy, undefined, () => 0.999),
      99,
    );
    assert.strictEqual(
      backoffDelay(3, policy, undefined, () => 0.999),
      799,
    );
    assert.strictEqual(
      backoffDelay(10, policy, undefined, () => 0.999),
      999,
    );
    assert.strictEqual(
      backoffDelay(10, policy, undefined, () => 0),
      0,
    );
  });

  it("waits at least a server's Retry-After, but never past the cap", () => {
    assert.strictEqual(
      backoffDelay(0, policy, 500, () => 0),
      500,
    );
    assert.strictEqual(
      backoffDelay(0, policy, 60_000, () => 0),
      1000,
    );
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.strictEqual(parseRetryAfter("3"), 3000);
    assert.strictEqual(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
    assert.strictEqual(parseRetryAfter(undefined), undefined);
    assert.strictEqual(parseRetryAfter("soon"), undefined);
  });

  it("retries only what it is told to, at most maxAttempts times in all", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw new Error("busy");
        },
        () => ({ retry: true }),
        policy,
        async (ms) => void sleeps.push(ms),
      ),
      /busy/,
    );
    assert.strictEqual(calls, 5);
    assert.strictEqual(sleeps.length, 4);

    calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw new Error("fatal");
        },
        () => ({ retry: false }),
        policy,
        async () => undefined,
      ),
    );
    assert.strictEqual(calls, 1);

    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw new Error("again");
        return attempt;
      },
      () => ({ retry: true }),
      policy,
      async () => undefined,
    );
    assert.strictEqual(result, 3);
  });
});
