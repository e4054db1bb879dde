import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Readable, Transform } from "stream";
import { pipeline } from "stream/promises";
import { registerCleanup } from "../lifecycle/cleanups";
import { formatOwner, ownerState, parseOwner } from "../lifecycle/run-owner";
import { BackupError, messageOf } from "./errors";
import { normalizePrefix } from "./keys";
import { BackupTarget, ObjectStream, StoredObject } from "./target";
import type { FolderTargetOptions } from "./target-config";
export type { FolderTargetOptions } from "./target-config";

const partialMarker = ".partial-";

/**
 * A temporary name beside `file` that names its run (host_pid_start), registered for removal if
 * the run is stopped by a signal; also removes the temporary files of dead runs beside it.
 */
async function partialFile(file: string): Promise<{ temp: string; done: () => void }> {
  const dir = path.dirname(file);
  const entries = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const at = entry.indexOf(partialMarker);
    if (at < 0) continue;
    const owner = parseOwner(entry.slice(at + partialMarker.length));
    if (owner && ownerState(owner) === "dead") {
      await fs.promises.rm(path.join(dir, entry), { force: true }).catch(() => undefined);
      process.stderr.write(
        `schemastack: removed ${path.join(dir, entry)} left by a run that is no longer running\n`,
      );
    }
  }
  const temp = `${file}${partialMarker}${formatOwner()}-${randomBytes(4).toString("hex")}`;
  const done = registerCleanup(`temporary file ${temp}`, () => fs.promises.rm(temp, { force: true }));
  return { temp, done };
}

/**
 * A local folder as a backup target (the embedded default). A dump is written to a temporary
 * name beside its final one and renamed only when the stream ended cleanly, after an fsync.
 */
export class FolderTarget implements BackupTarget {
  readonly kind = "folder" as const;
  readonly bucket = null;
  readonly root: string;
  readonly prefix: string;
  readonly description: string;

  constructor(options: FolderTargetOptions) {
    if (!options.path) throw new BackupError("invalid-options", "folder target needs a path");
    this.root = path.resolve(options.path);
    this.prefix = normalizePrefix(options.prefix);
    this.description = this.root;
  }

  private fileOf(key: string): string {
    const file = path.resolve(this.root, ...key.split("/"));
    if (file !== this.root && !file.startsWith(this.root + path.sep)) {
      throw new BackupError("invalid-options", `key "${key}" leaves the backup folder ${this.root}`);
    }
    return file;
  }

  private fail(error: unknown, action: string): BackupError {
    if (error instanceof BackupError) return error;
    return new BackupError(
      "storage-error",
      `backup folder ${this.root}: failed to ${action} (${messageOf(error)})`,
    );
  }

  async preflight(): Promise<void> {
    try {
      await fs.promises.mkdir(this.root, { recursive: true });
      await fs.promises.access(this.root, fs.constants.W_OK);
    } catch (error) {
      throw this.fail(error, "create or write the folder");
    }
  }

  async writeStream(key: string, body: Readable, onStored?: (bytes: number) => void): Promise<void> {
    const file = this.fileOf(key);
    let stored = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        stored += chunk.length;
        onStored?.(stored);
        callback(null, chunk);
      },
    });
    const { temp, done } = await partialFile(file);
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await pipeline(body, counter, fs.createWriteStream(temp, { flags: "wx" }));
      await syncFile(temp);
      await fs.promises.rename(temp, file);
      await syncFile(path.dirname(file)).catch(() => undefined);
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
      throw this.fail(error, `write ${key}`);
    } finally {
      done();
    }
  }

  async writeText(key: string, text: string): Promise<void> {
    const file = this.fileOf(key);
    const { temp, done } = await partialFile(file);
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(temp, text, { flag: "wx" });
      await syncFile(temp);
      await fs.promises.rename(temp, file);
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
      throw this.fail(error, `write ${key}`);
    } finally {
      done();
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return await fs.promises.readFile(this.fileOf(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw this.fail(error, `read ${key}`);
    }
  }

  async readStream(key: string, expectedVersion?: string): Promise<ObjectStream> {
    const file = this.fileOf(key);
    const info = await this.stat(key);
    if (!info) throw new BackupError("object-missing", `backup folder ${this.root}: ${key} not found`);
    if (expectedVersion !== undefined && info.version !== expectedVersion) {
      throw new BackupError(
        "storage-error",
        `backup folder ${this.root}: ${key} changed while it was being read`,
      );
    }
    return { stream: fs.createReadStream(file), size: info.size, version: info.version };
  }

  async stat(key: string): Promise<{ size: number; version: string } | undefined> {
    try {
      const info = await fs.promises.stat(this.fileOf(key));
      return { size: info.size, version: `${info.size}-${info.mtimeMs}-${info.ino}` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw this.fail(error, `stat ${key}`);
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw this.fail(error, `list ${dir}`);
      }
      for (const entry of entries) {
        const key = `${keyPrefix}${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`);
        else if (entry.isFile() && !entry.name.includes(partialMarker) && key.startsWith(prefix)) {
          const info = await fs.promises.stat(path.join(dir, entry.name));
          found.push({ key, size: info.size, lastModified: info.mtime });
        }
      }
    };
    // Walk from the deepest folder the prefix names, then filter by the full prefix.
    const folderPart = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : "";
    await walk(folderPart ? this.fileOf(folderPart) : this.root, folderPart);
    return found;
  }

  async delete(key: string): Promise<void> {
    try {
      await fs.promises.rm(this.fileOf(key), { force: true });
    } catch (error) {
      throw this.fail(error, `delete ${key}`);
    }
  }

  uriOf(key: string): string {
    return this.fileOf(key);
  }

  close(): void {}
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
