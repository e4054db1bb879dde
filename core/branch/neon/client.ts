// Neon's official client (@neondatabase/api-client, axios-based; its baseURL is configurable, so the
// stand-in server can take the place of console.neon.tech) wrapped with bounded retries of 423/429/503
// and key-free error messages.
import { Api, createApiClient } from "@neondatabase/api-client";
import { NeonApiError, toNeonApiError } from "./errors";
import { RetryPolicy, defaultRetryPolicy, parseRetryAfter, retryableStatuses, withRetry } from "./retry";
import type { NeonClientOptions } from "../driver-config";
export type { NeonClientOptions };

export const defaultNeonBaseUrl = "https://console.neon.tech/api/v2";

interface Answer<T> {
  data: T;
}

export class NeonClient {
  readonly api: Api<unknown>;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: NeonClientOptions) {
    if (!options.apiKey) throw new NeonApiError("the neon branch driver needs an API key", undefined);
    this.api = createApiClient({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? defaultNeonBaseUrl,
      timeout: options.requestTimeoutMs ?? 30_000,
    });
    this.policy = { ...defaultRetryPolicy, ...options.retry };
  }

  /**
   * Calls the API; `request` ("POST /projects/p/branches") names the call in errors. 423, 429 and 503
   * are retried with backoff up to the policy's attempts; other failures throw at once.
   */
  async call<T>(request: string, fn: (api: Api<unknown>) => Promise<Answer<T>>): Promise<T> {
    let attempts = 0;
    try {
      const answer = await withRetry(
        async (attempt) => {
          attempts = attempt;
          try {
            return await fn(this.api);
          } catch (error) {
            throw toNeonApiError(error, request, [this.options.apiKey], parseRetryAfter);
          }
        },
        (error) =>
          error instanceof NeonApiError && error.status !== undefined && retryableStatuses.has(error.status)
            ? { retry: true, retryAfterMs: error.retryAfterMs }
            : { retry: false },
        this.policy,
        this.options.sleep,
      );
      return answer.data;
    } catch (error) {
      if (
        error instanceof NeonApiError &&
        error.status !== undefined &&
        retryableStatuses.has(error.status)
      ) {
        throw new NeonApiError(`${error.message} (gave up after ${attempts} attempts)`, error.status);
      }
      throw error;
    }
  }
}
