// Pre-migration backups (DESIGN.md layer 5): verified `pg_dump -Fc` to S3 or a folder, manifest,
// restore, listing and retention. Pulumi-free: the Backup dynamic resource wraps takeVerifiedBackup.
export { takeVerifiedBackup } from "./take";
export type { TakeBackupOptions } from "./take";
export type { BackupManifest } from "./manifest";
export { parseManifest, serializeManifest } from "./manifest";
export { restoreBackup, restoreIntoScratchDatabase, checkStoredBackup } from "./restore";
export type { RestoreOptions, RestoreResult, ScratchDatabase } from "./restore";
export { listBackups, backupRows, formatAge, formatBackupTable } from "./list";
export type { BackupListing, BackupRow } from "./list";
export { defaultS3Prefix } from "./keys";
export { applyRetention, planRetention } from "./retention";
export { sweepDeadRunBackups } from "./sweep";
export type { RetentionOptions, RetentionResult } from "./retention";
export { createBackupTarget } from "./targets";
export type { BackupTargetConfig } from "./target-config";
export type { BackupTarget, StoredObject } from "./target";
export { S3Target } from "./s3-target";
export type { S3TargetOptions, S3ConnectionOptions, S3Credentials } from "./target-config";
export { FolderTarget } from "./folder-target";
export type { FolderTargetOptions } from "./target-config";
export { parseBackupLocation, targetFor } from "./location";
export type { BackupLocation } from "./location";
export { BackupError, redact } from "./errors";
export type { BackupErrorCode } from "./errors";
export type { DumpHooks } from "./dump";
export type { ProgressOption, ProgressOutput } from "./progress";
