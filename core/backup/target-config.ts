// Backup targets as plain data (stack config, Pulumi inputs, CLI flags): the option types only.
// Kept apart from the targets themselves so that a program which declares a target (every
// Database's \`backup.target\`) and is type-checked by ts-node does not load the S3 client's
// declarations (~600 files) through s3-target.ts; the client is loaded where a target is made.

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How to reach S3 (or an S3-compatible server); shared by backup targets and restore sources. */
export interface S3ConnectionOptions {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. */
  region?: string;
  /** For S3-compatible servers, e.g. http://127.0.0.1:9000. */
  endpoint?: string;
  /** Path-style addressing (bucket in the path); default: true when an endpoint is given. */
  forcePathStyle?: boolean;
  /** Explicit credentials (e.g. from Pulumi secret config); default: the standard AWS chain. */
  credentials?: S3Credentials;
  /** SDK attempts per request (default 3). */
  maxAttempts?: number;
  /** TCP connect timeout in ms (default 5000), so a black-holed endpoint fails rather than hangs. */
  connectTimeoutMs?: number;
  /**
   * Per-request CRC32 checksums on uploads (the SDK's WHEN_SUPPORTED). Default off (WHEN_REQUIRED):
   * every dump is read back in full and compared by sha256 anyway, and the CRC costs CPU that the
   * dump itself needs.
   */
  partChecksums?: boolean;
}

export interface S3TargetOptions extends S3ConnectionOptions {
  bucket: string;
  /** Key prefix (default defaultS3Prefix, "schemastack/"; "" for the bucket root). */
  prefix?: string;
  /** Server-side encryption of dumps and manifests. */
  serverSideEncryption?: "AES256" | "aws:kms";
  /** KMS key for serverSideEncryption "aws:kms" (default: the bucket's/account's key). */
  kmsKeyId?: string;
  /** Multipart part size in bytes (default 16 MiB: up to ~160 GiB in 10,000 parts). */
  partSize?: number;
  /** Parts uploaded in parallel (default 4; memory use is about partSize x queueSize). */
  queueSize?: number;
}

export interface FolderTargetOptions {
  /** The folder; created on preflight if missing. */
  path: string;
  prefix?: string;
}

/** A target as plain data (stack config, Pulumi inputs, CLI flags). */
export type BackupTargetConfig =
  ({ kind: "s3" } & S3TargetOptions) | ({ kind: "folder" } & FolderTargetOptions);
