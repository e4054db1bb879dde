import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  ServerSideEncryption,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "stream";
import { registerCleanup } from "../lifecycle/cleanups";
import { BackupError, registerSecret } from "./errors";
import { defaultS3Prefix, normalizePrefix } from "./keys";
import { describeS3Error } from "./s3-errors";
import { BackupTarget, IncompleteUpload, ObjectStream, StoredObject } from "./target";
import type { S3ConnectionOptions, S3TargetOptions } from "./target-config";
export type { S3ConnectionOptions, S3Credentials, S3TargetOptions } from "./target-config";

export function createS3Client(options: S3ConnectionOptions): S3Client {
  registerSecret(options.credentials?.secretAccessKey);
  registerSecret(options.credentials?.sessionToken);
  registerSecret(process.env.AWS_SECRET_ACCESS_KEY);
  registerSecret(process.env.AWS_SESSION_TOKEN);
  return new S3Client({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5000 },
    requestChecksumCalculation: options.partChecksums ? "WHEN_SUPPORTED" : "WHEN_REQUIRED",
  });
}

/** The endpoint for messages: the configured URL without any userinfo, or AWS's. */
export function endpointLabel(options: S3ConnectionOptions): string {
  if (!options.endpoint)
    return `AWS S3 (${options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1"})`;
  try {
    const url = new URL(options.endpoint);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(invalid endpoint URL)";
  }
}

export class S3Target implements BackupTarget {
  readonly kind = "s3" as const;
  readonly prefix: string;
  readonly description: string;
  readonly bucket: string;
  /** The SDK client (for middleware, e.g. request logging in tests). */
  readonly client: S3Client;
  private readonly endpoint: string;

  constructor(private readonly options: S3TargetOptions) {
    if (!options.bucket) throw new BackupError("invalid-options", "S3 target needs a bucket");
    if (options.partSize !== undefined && options.partSize < 5 * 1024 * 1024) {
      throw new BackupError("invalid-options", "S3 partSize must be at least 5 MiB");
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix ?? defaultS3Prefix);
    this.description = `s3://${this.bucket}/${this.prefix}`;
    this.endpoint = endpointLabel(options);
    this.client = createS3Client(options);
  }

  private fail(error: unknown, action: string, key?: string): BackupError {
    return describeS3Error(error, { bucket: this.bucket, endpoint: this.endpoint, action, key });
  }

  private encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    if (!this.options.serverSideEncryption) return {};
    return {
      ServerSideEncryption: this.options.serverSideEncryption,
      ...(this.options.kmsKeyId ? { SSEKMSKeyId: this.options.kmsKeyId } : {}),
    };
  }

  async preflight(): Promise<void> {
    // ListObjectsV2 (not HeadBucket): its error body tells a missing bucket from bad credentials.
    try {
      await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }),
      );
    } catch (error) {
      throw this.fail(error, "list objects (preflight)");
    }
  }

  async writeStream(key: string, body: Readable, onStored?: (bytes: number) => void): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: "application/octet-stream",
        ...this.encryption(),
      },
      partSize: this.options.partSize ?? 16 * 1024 * 1024,
      queueSize: this.options.queueSize ?? 4,
      leavePartsOnError: false,
    });
    upload.on("httpUploadProgress", (progress) => onStored?.(progress.loaded ?? 0));
    let bodyError: unknown;
    body.once("error", (error) => (bodyError = error));
    // Stopped by a signal midway (the CLI's handler, or the provider's when Pulumi stops it): the
    // multipart upload is aborted, so the bucket keeps no parts of a dump nobody will finish.
    const unregister = registerCleanup(`incomplete upload ${this.uriOf(key)}`, async () => {
      void upload.abort().catch(() => undefined);
      await this.abortLeftoverUploads(key);
    });
    try {
      // The body only ends after its producer succeeded; a body error makes done() abort the
      // multipart upload (AbortMultipartUpload) before it rejects, so no object appears.
      await upload.done();
    } catch (error) {
      if (!body.destroyed) body.destroy(error instanceof Error ? error : new Error(String(error)));
      await this.abortLeftoverUploads(key).catch(() => undefined);
      throw bodyError instanceof BackupError ? bodyError : this.fail(bodyError ?? error, `upload ${key}`);
    } finally {
      unregister();
    }
  }

  async incompleteUploads(prefix: string): Promise<IncompleteUpload[]> {
    const found: IncompleteUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        for (const u of page.Uploads ?? [])
          if (u.Key && u.UploadId) found.push({ key: u.Key, uploadId: u.UploadId });
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (error) {
      throw this.fail(error, `list incomplete uploads under ${prefix || "(all)"}`);
    }
    return found;
  }

  async abortUpload(upload: IncompleteUpload): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.key, UploadId: upload.uploadId }),
      );
    } catch (error) {
      throw this.fail(error, `abort the incomplete upload of ${upload.key}`, upload.key);
    }
  }

  /** Belt and braces: aborts any multipart upload still open for this (unique) key. */
  private async abortLeftoverUploads(key: string): Promise<void> {
    const open = await this.client.send(
      new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: key }),
    );
    for (const upload of open.Uploads ?? []) {
      if (upload.Key === key && upload.UploadId) {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: upload.UploadId }))
          .catch((error: unknown) => {
            // The SDK's own abort (after the body failed) may have got there first: that is the goal.
            if ((error as { name?: string }).name !== "NoSuchUpload") throw error;
          });
      }
    }
  }

  /** Multipart uploads still open under a key prefix (tests use it to prove aborts). */
  async openUploads(prefix: string): Promise<string[]> {
    const open = await this.client.send(
      new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }),
    );
    return (open.Uploads ?? []).map((u) => u.Key ?? "");
  }

  async writeText(key: string, text: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: text,
          ContentType: "application/json",
          ...this.encryption(),
        }),
      );
    } catch (error) {
      throw this.fail(error, `write ${key}`, key);
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToString("utf8") : "";
    } catch (error) {
      const failure = this.fail(error, `read ${key}`, key);
      if (failure.code === "object-missing") return undefined;
      throw failure;
    }
  }

  async readStream(key: string, expectedVersion?: string): Promise<ObjectStream> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, IfMatch: expectedVersion }),
      );
      if (!(out.Body instanceof Readable)) throw new Error("GetObject returned no readable body");
      return { stream: out.Body, size: out.ContentLength ?? 0, version: out.ETag ?? "" };
    } catch (error) {
      throw this.fail(error, `read ${key}`, key);
    }
  }

  async stat(key: string): Promise<{ size: number; version: string } | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, version: out.ETag ?? "" };
    } catch (error) {
      const failure = this.fail(error, `stat ${key}`, key);
      if (failure.code === "object-missing") return undefined;
      throw failure;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key)
            found.push({
              key: item.Key,
              size: item.Size ?? 0,
              lastModified: item.LastModified ?? new Date(0),
            });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.fail(error, `list ${prefix || "(all)"}`);
    }
    return found;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      throw this.fail(error, `delete ${key}`, key);
    }
  }

  uriOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  close(): void {
    this.client.destroy();
  }
}
