import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { createTestDatabase, TestDatabase } from "../../support/env";
import {
  BackupError,
  BackupManifest,
  FolderTarget,
  listBackups,
  restoreBackup,
  takeVerifiedBackup,
} from "../../../core/backup";
import { verifyStoredDump } from "../../../core/backup/verify";
import { seedBigTable, seedSmallSchema, tableChecksums, uniqueStack } from "./helpers";

/** Every file under a folder, relative paths. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("backup to a local folder", function () {
  let source: TestDatabase;
  let big: TestDatabase;
  let dir: string;
  let manifest: BackupManifest;
  const stack = uniqueStack("folder");
  const cleanup: TestDatabase[] = [];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-folder-"));
    [source, big] = await Promise.all([createTestDatabase("bk_dir_src"), createTestDatabase("bk_dir_big")]);
    await Promise.all([seedSmallSchema(source.url), seedBigTable(big.url, 24)]);
    manifest = await takeVerifiedBackup({
      databaseUrl: source.url,
      target: { kind: "folder", path: dir },
      stack,
      schemaFingerprint: "abc",
      progress: false,
    });
  });

  after(async function () {
    await Promise.all([source, big, ...cleanup].map((d) => d?.drop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves a verified dump and its manifest in the folder", function () {
    assert.equal(manifest.target, "folder");
    assert.equal(manifest.bucket, null);
    assert.equal(manifest.uri, path.join(dir, manifest.key));
    assert.deepEqual(filesUnder(dir).sort(), [manifest.key, manifest.manifestKey].sort());
    const bytes = fs.readFileSync(manifest.uri);
    assert.equal(bytes.length, manifest.sizeBytes);
    assert.equal(createHash("sha256").update(bytes).digest("hex"), manifest.sha256);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, manifest.manifestKey), "utf8")), manifest);
  });

  it("restores from the path (of the dump or of its manifest) with identical row counts and checksums", async function () {
    for (const from of [manifest.uri, path.join(dir, manifest.manifestKey)]) {
      const fresh = await createTestDatabase("bk_dir_fresh");
      cleanup.push(fresh);
      const result = await restoreBackup({ from, databaseUrl: fresh.url, progress: false });
      assert.equal(result.manifest.sha256, manifest.sha256);
      assert.deepEqual(await tableChecksums(fresh.url), await tableChecksums(source.url));
    }
  });

  it("pg_dump SIGKILLed mid-stream: rejects, and no dump, manifest or temporary file remains", async function () {
    const killStack = uniqueStack("folderkill");
    let killedAt = 0;
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: big.url,
        target: { kind: "folder", path: dir },
        stack: killStack,
        progress: false,
        hooks: {
          onDumpBytes: (bytes, pid) => {
            if (killedAt === 0 && bytes > 4 * 1024 * 1024) {
              killedAt = bytes;
              process.kill(pid, "SIGKILL");
            }
          },
        },
      }),
      (e: unknown) => e instanceof BackupError && e.code === "dump-failed" && /SIGKILL/.test(e.message),
    );
    assert.ok(killedAt > 0);
    assert.deepEqual(filesUnder(path.join(dir, killStack)), []);
  });

  it("a truncated file fails verification, and restore refuses it before touching the database", async function () {
    const key = `${stack}/truncated.dump`;
    const file = path.join(dir, key);
    const full = fs.readFileSync(manifest.uri);
    const truncated = full.subarray(0, Math.floor(full.length * 0.7));
    const target = new FolderTarget({ path: dir });
    await target.writeStream(key, Readable.from([truncated]));
    const sha = createHash("sha256").update(truncated).digest("hex");
    await assert.rejects(
      verifyStoredDump({
        target,
        key,
        expected: { sizeBytes: truncated.length, sha256: sha },
        progress: false,
      }),
      (e: unknown) => e instanceof BackupError && e.code === "verify-failed" && e.message.includes(file),
    );
    // With the original's manifest beside it: the size check fails first.
    fs.writeFileSync(`${file}.manifest.json`, JSON.stringify({ ...manifest, key }));
    const fresh = await createTestDatabase("bk_dir_trunc");
    cleanup.push(fresh);
    await assert.rejects(
      restoreBackup({ from: file, databaseUrl: fresh.url, progress: false }),
      /bytes but its manifest says/,
    );
    assert.deepEqual(await tableChecksums(fresh.url), {});
    fs.rmSync(file);
    fs.rmSync(`${file}.manifest.json`);
  });

  it("lists the stack's backups, newest first, and flags a dump without manifest as unverified", async function () {
    const second = await takeVerifiedBackup({
      databaseUrl: source.url,
      target: { kind: "folder", path: dir },
      stack,
      progress: false,
    });
    fs.writeFileSync(path.join(dir, stack, "stray.dump"), "x");
    const listing = await listBackups(new FolderTarget({ path: dir }), stack);
    assert.deepEqual(
      listing.backups.map((b) => b.key),
      [second.key, manifest.key],
    );
    assert.deepEqual(
      listing.unverified.map((o) => o.key),
      [`${stack}/stray.dump`],
    );
    fs.rmSync(path.join(dir, stack, "stray.dump"));
  });

  it("an unusable folder fails clearly, before dumping", async function () {
    const file = path.join(dir, "not-a-folder");
    fs.writeFileSync(file, "");
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: source.url,
        target: { kind: "folder", path: path.join(file, "sub") },
        stack,
        progress: false,
      }),
      (e: unknown) =>
        e instanceof BackupError &&
        e.code === "storage-error" &&
        e.message.includes(path.join(file, "sub")) &&
        /ENOTDIR/.test(e.message),
    );
  });
});
