// Faults under the backup: the S3 server stopped in the middle of a multipart upload, and a local
// backup folder that is full (a tiny tmpfs) or read-only (a read-only mount: root ignores chmod).
// Each backup fails with a BackupError, leaves neither a dump nor a manifest, and the next backup
// to a healthy target succeeds.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BackupError, listBackups, takeVerifiedBackup } from "../../../core/backup";
import type { BackupTargetConfig } from "../../../core/backup";
import { LocalS3Server, S3Endpoint } from "../../../localenv/s3";
import { stateRoot } from "../../../localenv/paths";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";
import { FigureCounter } from "../../support/adversarial/figures";

const figures = new FigureCounter("faults-backup");
const credentials = { accessKeyId: "adv-access", secretAccessKey: "adv-secret-Backup-9d1" };

function s3Target(endpoint: S3Endpoint): BackupTargetConfig {
  return {
    kind: "s3",
    bucket: endpoint.bucket,
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    partSize: 5 * 1024 * 1024,
    queueSize: 1,
    maxAttempts: 1,
    connectTimeoutMs: 1000,
  };
}

function canMount(): boolean {
  return process.getuid?.() === 0;
}

function mountTmpfs(dir: string, options: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]);
}

describe("adversarial: backup faults", function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let root: string;
  const mounts: string[] = [];

  before(async () => {
    root = path.join(stateRoot(), "tmp", `adv-backup-${process.pid}`);
    fs.mkdirSync(root, { recursive: true });
    db = await createTestDatabase("adv_backup");
    // ~40 MB of barely compressible rows: a dump of several 5 MiB parts.
    await query(db.url, "create table payload (id int primary key, blob text)");
    await query(
      db.url,
      "insert into payload select g, string_agg(md5((g * 1000 + i)::text), '') from generate_series(1, 20000) g, generate_series(1, 60) i group by g",
    );
  });
  after(async () => {
    for (const m of mounts) {
      try {
        execFileSync("umount", [m]);
      } catch {
        // not mounted
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
    await db?.drop();
    figures.report();
  });

  it("S3 server stopped mid-upload: BackupError, nothing stored, the next backup succeeds", async () => {
    figures.add("faultsInjected");
    const server = new LocalS3Server(path.join(root, "s3"), credentials);
    let endpoint = await server.start("adv-dumps");
    try {
      let stopping: Promise<void> | undefined;
      const error = await takeVerifiedBackup({
        databaseUrl: db.url,
        target: s3Target(endpoint),
        stack: "adv",
        progress: false,
        hooks: {
          onDumpBytes: (bytes) => {
            if (bytes > 6 * 1024 * 1024 && !stopping) stopping = server.stop();
          },
        },
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      await stopping;
      assert.ok(stopping, "the dump ended before the server could be stopped");
      assert.ok(error instanceof BackupError, `not a BackupError: ${error?.message}`);
      assert.ok(!error.message.includes(credentials.secretAccessKey));
      endpoint = await server.start("adv-dumps");
      const listing = await listBackups(s3Target(endpoint), "adv");
      assert.deepStrictEqual(
        [...listing.backups, ...listing.unverified],
        [],
        "something was left in the bucket",
      );
      const manifest = await takeVerifiedBackup({
        databaseUrl: db.url,
        target: s3Target(endpoint),
        stack: "adv",
        progress: false,
      });
      assert.ok(manifest.sizeBytes > 5 * 1024 * 1024);
      figures.add("faultsSurvived");
    } finally {
      await server.stop();
    }
  });

  it("backup folder on a full filesystem: BackupError, no partial file, a roomy folder works", async function () {
    if (!canMount()) this.skip();
    figures.add("faultsInjected");
    const dir = path.join(root, "full");
    mountTmpfs(dir, "size=2m");
    mounts.push(dir);
    const error = await takeVerifiedBackup({
      databaseUrl: db.url,
      target: { kind: "folder", path: dir },
      stack: "adv",
      progress: false,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error instanceof BackupError, `not a BackupError: ${error?.message}`);
    assert.match(error.message, /ENOSPC|no space/i);
    const left = fs
      .readdirSync(dir, { recursive: true })
      .filter((f) => fs.statSync(path.join(dir, String(f))).isFile());
    assert.deepStrictEqual(left, [], "files were left behind");
    const ok = await takeVerifiedBackup({
      databaseUrl: db.url,
      target: { kind: "folder", path: path.join(root, "roomy") },
      stack: "adv",
      progress: false,
    });
    assert.ok(ok.sizeBytes > 0);
    figures.add("faultsSurvived");
  });

  it("read-only backup folder: BackupError before pg_dump runs", async function () {
    if (!canMount()) this.skip();
    figures.add("faultsInjected");
    const dir = path.join(root, "readonly");
    mountTmpfs(dir, "ro,size=1m");
    mounts.push(dir);
    let dumpStarted = false;
    const error = await takeVerifiedBackup({
      databaseUrl: db.url,
      target: { kind: "folder", path: dir },
      stack: "adv",
      progress: false,
      hooks: { onDumpStarted: () => (dumpStarted = true) },
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error instanceof BackupError, `not a BackupError: ${error?.message}`);
    assert.match(error.message, /EROFS|read-only/i);
    assert.strictEqual(dumpStarted, false, "pg_dump ran although the target cannot be written");
    figures.add("faultsSurvived");
  });
});
