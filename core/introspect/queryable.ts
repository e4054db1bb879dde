/** The part of a pg Client / PoolClient that introspection and the executor need. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** A pg client in pipeline mode (core/pg/with-client.ts): queries issued together go out together. */
  readonly pipeline?: boolean;
}

type Reads = readonly (() => Promise<unknown>)[] | [];
type ReadResults<T extends Reads> = {
  -readonly [K in keyof T]: T[K] extends () => Promise<infer R> ? R : never;
};

/**
 * Runs independent catalog reads: one after the other, as written, or on a client in pipeline mode
 * all issued at once (each read's first query goes out in this order; a read's later queries follow
 * its own answers), so a whole introspection takes a few round trips. Every read settles before
 * this returns or throws; the error thrown is the one a read after the other would have thrown
 * first, not the ones of the reads that failed only because the transaction had aborted.
 */
export async function readTogether<T extends Reads>(client: Queryable, reads: T): Promise<ReadResults<T>> {
  if (!client.pipeline) {
    const results: unknown[] = [];
    for (const read of reads) results.push(await read());
    return results as ReadResults<T>;
  }
  const settled = await Promise.allSettled(reads.map((read) => read()));
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
  // The reads behind a failing one fail with "current transaction is aborted" (25P02), and a read
  // that queries again after its first answer may be behind a read listed after it: the cause is
  // the failure that is not 25P02.
  const cause = failed.find((s) => (s.reason as { code?: string }).code !== "25P02") ?? failed[0];
  if (cause) throw cause.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as ReadResults<T>;
}
