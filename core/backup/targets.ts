import { FolderTarget, FolderTargetOptions } from "./folder-target";
import { S3Target, S3TargetOptions } from "./s3-target";
import { BackupTarget } from "./target";

/** A target as plain data (stack config, Pulumi inputs, CLI flags). */
export type BackupTargetConfig =
  ({ kind: "s3" } & S3TargetOptions) | ({ kind: "folder" } & FolderTargetOptions);

export function createBackupTarget(config: BackupTargetConfig | BackupTarget): BackupTarget {
  if ("preflight" in config) return config;
  if (config.kind === "s3") {
    const { kind: _kind, ...options } = config;
    return new S3Target(options);
  }
  const { kind: _kind, ...options } = config;
  return new FolderTarget(options);
}
