import { Readable } from "stream";

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectStream {
  stream: Readable;
  size: number;
  /** A version tag (S3 ETag, file mtime+size) to make sure a second read sees the same object. */
  version: string;
}

/** A multipart upload that was started and neither completed nor aborted (S3). */
export interface IncompleteUpload {
  key: string;
  uploadId: string;
}

/**
 * Where dumps and manifests are stored: an S3 bucket (with an optional prefix) or a local folder.
 * Keys are `/`-separated paths relative to the target's root.
 */
export interface BackupTarget {
  readonly kind: "s3" | "folder";
  /** The S3 bucket, null for a folder. */
  readonly bucket: string | null;
  /** s3://bucket/prefix or the folder path: for messages. */
  readonly description: string;
  /** The key prefix new backups go under ("" or ending in "/"). */
  readonly prefix: string;
  /** Fails with a clear BackupError when the target cannot be written (unreachable, credentials, missing). */
  preflight(): Promise<void>;
  /**
   * Stores `body` under `key`. The object exists only if `body` ends without error: if the body
   * errors (or the write fails), nothing is left under `key` (S3: the multipart upload is aborted;
   * folder: the temporary file is removed) and the call rejects with the body's error.
   */
  writeStream(key: string, body: Readable, onStored?: (bytes: number) => void): Promise<void>;
  writeText(key: string, text: string): Promise<void>;
  /** undefined when there is no such object. */
  readText(key: string): Promise<string | undefined>;
  /** `expectedVersion` makes the read fail if the object changed since a previous read. */
  readStream(key: string, expectedVersion?: string): Promise<ObjectStream>;
  stat(key: string): Promise<{ size: number; version: string } | undefined>;
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
  /**
   * Incomplete multipart uploads under a key prefix, and aborting one (S3 only: a folder's
   * temporary files are swept where they are written). A killed run leaves its upload open, and
   * the bucket keeps (and bills) its parts until someone aborts it.
   */
  incompleteUploads?(prefix: string): Promise<IncompleteUpload[]>;
  abortUpload?(upload: IncompleteUpload): Promise<void>;
  /** s3://bucket/key or the absolute file path. */
  uriOf(key: string): string;
  /** Releases connections. */
  close(): void;
}
