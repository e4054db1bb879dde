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
 * this returns or throws; the error thrown is the first failing read's in this order (the reads
 * after it fail only because the transaction aborted).
 */
export async function readTogether<T extends Reads>(client: Queryable, reads: T): Promise<ReadResults<T>> {
  if (!client.pipeline) {
    const results: unknown[] = [];
    for (const read of reads) results.push(await read());
    return results as ReadResults<T>;
  }
  const settled = await Promise.allSettled(reads.map((read) => read()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as ReadResults<T>;
}
