import { createHash } from "crypto";
import { Transform, TransformCallback } from "stream";

/**
 * Passes bytes through while computing their sha256 and count. With a `gate`, the end of the
 * stream is held back until the gate resolves: the consumer (an S3 multipart upload, a file write)
 * sees the end, and so completes, only once the producer is known to have succeeded. If the gate
 * rejects, the stream errors instead of ending, and the consumer aborts.
 */
export class HashingStream extends Transform {
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private digest: string | undefined;

  constructor(
    private readonly options: { gate?: () => Promise<void>; onBytes?: (total: number) => void } = {},
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.options.onBytes?.(this.bytes);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const gate = this.options.gate ?? (() => Promise.resolve());
    gate().then(
      () => {
        this.digest = this.hash.digest("hex");
        callback();
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  get byteCount(): number {
    return this.bytes;
  }

  /** The sha256 (hex) of everything that passed; only once the stream has ended cleanly. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error("sha256 read before the stream ended");
    return this.digest;
  }
}
