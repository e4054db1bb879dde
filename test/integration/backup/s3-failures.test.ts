import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import { BackupError, S3Target, takeVerifiedBackup } from "../../../core/backup";
import { verifyStoredDump } from "../../../core/backup/verify";
import { s3TargetOptions, seedBigTable, seedSmallSchema, uniqueStack, whatIsStored } from "./helpers";

describe("backup to S3: failures leave nothing behind", function () {
  let small: TestDatabase;
  let big: TestDatabase;

  before(async function () {
    [small, big] = await Promise.all([
      createTestDatabase("bk_fail_small"),
      createTestDatabase("bk_fail_big"),
    ]);
    await Promise.all([seedSmallSchema(small.url), seedBigTable(big.url, 48)]);
  });

  after(async function () {
    await Promise.all([small?.drop(), big?.drop()]);
  });

  it("pg_dump SIGKILLed mid-stream: the call rejects, no object, no manifest, no open multipart upload", async function () {
    const stack = uniqueStack("kill");
    let killedAt = 0;
    let started: number | undefined;
    let openUploadsAtKill: string[] = [];
    const attempt = takeVerifiedBackup({
      databaseUrl: big.url,
      target: { kind: "s3", ...(await s3TargetOptions({ partSize: 5 * 1024 * 1024 })) },
      stack,
      progress: false,
      hooks: {
        onDumpStarted: (pid) => (started = pid),
        // Past 12 MB, freeze pg_dump, wait until the server shows the open multipart upload
        // (so parts really were sent), then SIGKILL it: a genuine mid-stream kill.
        onDumpBytes: (bytes, pid) => {
          if (killedAt !== 0 || bytes <= 12 * 1024 * 1024) return;
          killedAt = bytes;
          process.kill(pid, "SIGSTOP");
          void (async () => {
            for (let i = 0; i < 100 && openUploadsAtKill.length === 0; i++) {
              openUploadsAtKill = (await whatIsStored(`it-backup/${stack}/`)).uploads;
              if (openUploadsAtKill.length === 0) await new Promise((r) => setTimeout(r, 50));
            }
            process.kill(pid, "SIGKILL");
          })();
        },
      },
    });
    await assert.rejects(attempt, (e: unknown) => {
      assert.ok(e instanceof BackupError);
      assert.equal(e.code, "dump-failed");
      assert.match(e.message, /pg_dump was killed by SIGKILL/);
      return true;
    });
    assert.ok(started !== undefined && killedAt > 0, "the hook saw pg_dump start and killed it mid-stream");
    assert.equal(openUploadsAtKill.length, 1, "a multipart upload was open when pg_dump died");
    const stored = await whatIsStored(`it-backup/${stack}/`);
    assert.deepEqual(stored, { objects: [], uploads: [] });
  });

  it("pg_dump SIGKILLed before a first part is full (the single PutObject path): still no object", async function () {
    const stack = uniqueStack("killsmall");
    let killed = false;
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: big.url,
        target: { kind: "s3", ...(await s3TargetOptions()) }, // 16 MiB parts: everything so far is one buffer
        stack,
        progress: false,
        hooks: {
          onDumpBytes: (bytes, pid) => {
            if (!killed && bytes > 1024 * 1024) {
              killed = true;
              process.kill(pid, "SIGKILL");
            }
          },
        },
      }),
      (e: unknown) => e instanceof BackupError && e.code === "dump-failed" && /SIGKILL/.test(e.message),
    );
    assert.ok(killed);
    assert.deepEqual(await whatIsStored(`it-backup/${stack}/`), { objects: [], uploads: [] });
  });

  it("a dump that pg_dump completes while others fail is not affected (control for the kill test)", async function () {
    const stack = uniqueStack("nokill");
    const manifest = await takeVerifiedBackup({
      databaseUrl: big.url,
      target: { kind: "s3", ...(await s3TargetOptions({ partSize: 5 * 1024 * 1024 })) },
      stack,
      progress: false,
    });
    assert.ok(
      manifest.sizeBytes > 12 * 1024 * 1024,
      `dump is ${manifest.sizeBytes} bytes: big enough to be killed mid-stream`,
    );
    const stored = await whatIsStored(`it-backup/${stack}/`);
    assert.deepEqual(stored.objects.sort(), [manifest.key, manifest.manifestKey].sort());
    const s3 = new S3Target(await s3TargetOptions());
    await s3.delete(manifest.manifestKey);
    await s3.delete(manifest.key);
    s3.close();
  });

  it("a truncated object fails verification, though pg_restore --list accepts it", async function () {
    const env = await testEnv();
    const dumpFile = path.join(os.tmpdir(), `bk-trunc-${process.pid}.dump`);
    execFileSync("pg_dump", ["-Fc", "-f", dumpFile, small.url]);
    const full = fs.readFileSync(dumpFile);
    const truncated = full.subarray(0, Math.floor(full.length * 0.6));
    fs.writeFileSync(dumpFile, truncated);
    try {
      // Why --list is not enough: it reads only the table of contents.
      execFileSync("pg_restore", ["--list", dumpFile], { stdio: "pipe" });

      const s3 = new S3Target(await s3TargetOptions({ prefix: "" }));
      const key = `it-backup/${uniqueStack("trunc")}/truncated.dump`;
      try {
        await s3.writeStream(key, Readable.from([truncated]));
        // Even with the checksum of the truncated bytes, the full read by pg_restore rejects it.
        const sha = createHash("sha256").update(truncated).digest("hex");
        await assert.rejects(
          verifyStoredDump({
            target: s3,
            key,
            expected: { sizeBytes: truncated.length, sha256: sha },
            progress: false,
          }),
          (e: unknown) => {
            assert.ok(e instanceof BackupError);
            assert.equal(e.code, "verify-failed");
            assert.ok(e.message.includes(`s3://${env.s3.bucket}/${key}`));
            assert.match(e.message, /pg_restore exited with code 1/);
            return true;
          },
        );
        // And a checksum that differs from the upload's fails on its own.
        await s3.writeStream(key, Readable.from([full]));
        await assert.rejects(
          verifyStoredDump({
            target: s3,
            key,
            expected: { sizeBytes: full.length, sha256: sha },
            progress: false,
          }),
          (e: unknown) => e instanceof BackupError && e.code === "checksum-mismatch",
        );
        await verifyStoredDump({
          target: s3,
          key,
          expected: { sizeBytes: full.length, sha256: createHash("sha256").update(full).digest("hex") },
          progress: false,
        });
      } finally {
        await s3.delete(key);
        s3.close();
      }
    } finally {
      fs.rmSync(dumpFile, { force: true });
    }
  });

  it("fails clearly before dumping when pg_dump is older than the server", async function () {
    // An old client is stood in by a pg_dump that reports 14.12 and records whether it was asked to dump.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "bk-oldpg-"));
    const marker = path.join(bin, "dumped");
    fs.writeFileSync(
      path.join(bin, "pg_dump"),
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 14.12"; exit 0; fi\ntouch ${marker}\nexec pg_dump "$@"\n`,
      { mode: 0o755 },
    );
    const stack = uniqueStack("oldpg");
    try {
      await assert.rejects(
        takeVerifiedBackup({
          databaseUrl: small.url,
          target: { kind: "s3", ...(await s3TargetOptions()) },
          stack,
          pgBinDir: bin,
          progress: false,
        }),
        (e: unknown) => {
          assert.ok(e instanceof BackupError);
          assert.equal(e.code, "pg-dump-too-old");
          assert.match(e.message, /pg_dump 14\.12 .* is older than the server \(PostgreSQL 15\.\d+/);
          assert.match(e.message, /at least major version 15/);
          return true;
        },
      );
      assert.equal(fs.existsSync(marker), false, "pg_dump was never run");
      assert.deepEqual(await whatIsStored(`it-backup/${stack}/`), { objects: [], uploads: [] });
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
