import { FolderTarget } from "./folder-target";
import { S3Target } from "./s3-target";
import { BackupTarget } from "./target";
import type { BackupTargetConfig } from "./target-config";

// The type lives in target-config.ts (no S3 client behind it); exported here too for earlier importers.
export type { BackupTargetConfig };

export function createBackupTarget(config: BackupTargetConfig | BackupTarget): BackupTarget {
  if ("preflight" in config) return config;
  if (config.kind === "s3") {
    const { kind: _kind, ...options } = config;
    return new S3Target(options);
  }
  const { kind: _kind, ...options } = config;
  return new FolderTarget(options);
}
