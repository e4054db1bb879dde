import * as assert from "assert";
import { NeonApiError, toNeonApiError } from "../../../core/branch/neon/errors";
import { parseRetryAfter } from "../../../core/branch/neon/retry";

const key = "napi_secret_0123456789";

function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
  // The shape axios throws: the request config carries the Authorization header.
  return {
    isAxiosError: true,
    message: `Request failed with status code ${status}`,
    config: { headers: { Authorization: `Bearer ${key}` } },
    response: { status, data, headers },
  };
}

describe("neon API errors", () => {
  it("names the request, status and Neon's message, and keeps the retry hint", () => {
    const error = toNeonApiError(
      httpError(429, { code: "", message: "rate limited", request_id: "r1" }, { "retry-after": "2" }),
      "GET /projects/p/branches",
      [key],
      parseRetryAfter,
    );
    assert.ok(error instanceof NeonApiError);
    assert.strictEqual(error.status, 429);
    assert.strictEqual(error.retryAfterMs, 2000);
    assert.strictEqual(
      error.message,
      "Neon API GET /projects/p/branches failed with 429: rate limited (request r1).",
    );
  });

  it("explains a 401 and never carries the key, even if the server echoes it", () => {
    const error = toNeonApiError(
      httpError(401, { message: `bad key ${key}` }),
      "GET /x",
      [key],
      parseRetryAfter,
    );
    assert.match(error.message, /401.*API key was rejected/);
    assert.ok(!error.message.includes(key));
    assert.ok(!JSON.stringify(error).includes(key));
    assert.strictEqual((error as Error & { cause?: unknown }).cause, undefined);
  });

  it("reports network failures without a status", () => {
    const error = toNeonApiError(
      { isAxiosError: true, code: "ECONNREFUSED" },
      "GET /x",
      [key],
      parseRetryAfter,
    );
    assert.strictEqual(error.status, undefined);
    assert.match(error.message, /got no answer: ECONNREFUSED/);
  });
});
