import * as path from "path";
import { BackupError } from "./errors";
import { FolderTarget } from "./folder-target";
import { dumpKeyOf } from "./keys";
import { S3ConnectionOptions, S3Target } from "./s3-target";
import { BackupTarget } from "./target";

/** Where an existing backup is: `s3://bucket/key` or a file path (of the dump or its manifest). */
export type BackupLocation =
  { kind: "s3"; bucket: string; key: string } | { kind: "folder"; directory: string; key: string };

export function parseBackupLocation(from: string): BackupLocation {
  if (!from) throw new BackupError("invalid-options", "backup location is empty");
  if (from.startsWith("s3://")) {
    const rest = from.slice("s3://".length);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    if (!bucket || !key) throw new BackupError("invalid-options", `"${from}" is not s3://bucket/key`);
    return { kind: "s3", bucket, key: dumpKeyOf(key) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(from)) {
    throw new BackupError(
      "invalid-options",
      `unsupported backup location "${from}": use s3://bucket/key or a file path`,
    );
  }
  const file = path.resolve(dumpKeyOf(from));
  return { kind: "folder", directory: path.dirname(file), key: path.basename(file) };
}

/** A target able to read the backup at `location`. */
export function targetFor(location: BackupLocation, s3: S3ConnectionOptions = {}): BackupTarget {
  return location.kind === "s3"
    ? new S3Target({ ...s3, bucket: location.bucket })
    : new FolderTarget({ path: location.directory });
}
