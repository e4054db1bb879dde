import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable, Transform } from "stream";
import { createTestDatabase, TestDatabase } from "../../support/env";
import { BackupError, BackupTarget, FolderTarget, takeVerifiedBackup } from "../../../core/backup";
import { s3TargetOptions, seedBigTable, uniqueStack, whatIsStored } from "./helpers";

/**
 * A real folder target whose dump write breaks after `failAfter` bytes, the way a storage outage
 * breaks an upload halfway (the stored part is discarded like an aborted multipart upload).
 */
function breakingTarget(inner: FolderTarget, failAfter: number): BackupTarget {
  return Object.assign(Object.create(inner) as BackupTarget, {
    writeStream(key: string, body: Readable): Promise<void> {
      let seen = 0;
      const tripwire = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          seen += chunk.length;
          callback(seen > failAfter ? new Error("storage went away (simulated outage)") : null, chunk);
        },
      });
      body.on("error", (e) => tripwire.destroy(e));
      return inner.writeStream(key, body.pipe(tripwire));
    },
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("backup: the target failing mid-dump", function () {
  let big: TestDatabase;
  let dir: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-tfail-"));
    big = await createTestDatabase("bk_tfail");
    await seedBigTable(big.url, 24);
  });

  after(async function () {
    await big?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rejects with the storage error, stops pg_dump, and leaves nothing", async function () {
    let pid = 0;
    const stack = uniqueStack("tfail");
    const started = Date.now();
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: big.url,
        target: breakingTarget(new FolderTarget({ path: dir }), 3 * 1024 * 1024),
        stack,
        progress: false,
        hooks: { onDumpStarted: (p) => (pid = p) },
      }),
      (e: unknown) => e instanceof BackupError && /simulated outage/.test(e.message),
    );
    assert.ok(Date.now() - started < 20_000, "does not hang waiting for pg_dump");
    assert.ok(pid > 0);
    assert.equal(alive(pid), false, "pg_dump was stopped");
    assert.deepEqual(fs.readdirSync(path.join(dir, stack)), []);
  });
});

describe("backup: cancellation", function () {
  let big: TestDatabase;

  before(async function () {
    big = await createTestDatabase("bk_cancel");
    await seedBigTable(big.url, 24);
  });

  after(async function () {
    await big?.drop();
  });

  for (const stage of ["dump", "verify"] as const) {
    it(`aborting during the ${stage} rejects with "cancelled" and leaves nothing in the bucket`, async function () {
      const stack = uniqueStack(`cancel-${stage}`);
      const controller = new AbortController();
      let dumpPid = 0;
      const attempt = takeVerifiedBackup({
        databaseUrl: big.url,
        target: { kind: "s3", ...(await s3TargetOptions({ partSize: 5 * 1024 * 1024 })) },
        stack,
        progress: false,
        signal: controller.signal,
        hooks: {
          onDumpStarted: (pid) => (dumpPid = pid),
          onDumpBytes: (bytes) => {
            if (stage === "dump" && bytes > 8 * 1024 * 1024) controller.abort();
          },
          onVerifyBytes: (bytes) => {
            if (stage === "verify" && bytes > 2 * 1024 * 1024) controller.abort();
          },
        },
      });
      await assert.rejects(attempt, (e: unknown) => {
        assert.ok(e instanceof BackupError, String(e));
        assert.equal(e.code, "cancelled", e.message);
        assert.match(e.message, /was cancelled/);
        return true;
      });
      assert.equal(alive(dumpPid), false);
      assert.deepEqual(await whatIsStored(`it-backup/${stack}/`), { objects: [], uploads: [] });
    });
  }
});
