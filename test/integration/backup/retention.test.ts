import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createTestDatabase, TestDatabase } from "../../support/env";
import {
  applyRetention,
  BackupManifest,
  BackupTarget,
  FolderTarget,
  listBackups,
  S3Target,
  takeVerifiedBackup,
} from "../../../core/backup";
import { s3TargetOptions, uniqueStack, whatIsStored, withClient } from "./helpers";

async function takeSeries(
  db: TestDatabase,
  target: BackupTarget,
  stack: string,
  count: number,
): Promise<BackupManifest[]> {
  const out: BackupManifest[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.UTC(2026, 10, 1 + i, 12));
    out.push(
      await takeVerifiedBackup({
        databaseUrl: db.url,
        target,
        stack,
        schemaFingerprint: `fp${i}`,
        progress: false,
        now: () => at,
      }),
    );
  }
  return out;
}

describe("retention: keep the last N per stack, never the protected ones", function () {
  let db: TestDatabase;

  before(async function () {
    db = await createTestDatabase("bk_retention");
    await withClient(db.url, (c) =>
      c.query(`create table t (id int primary key); insert into t select generate_series(1, 100)`),
    );
  });

  after(async function () {
    await db?.drop();
  });

  it("on S3: deletes the older unprotected backups (dump and manifest), leaves other stacks alone", async function () {
    const target = new S3Target(await s3TargetOptions());
    const stack = uniqueStack("ret");
    const other = uniqueStack("ret-other");
    try {
      const series = await takeSeries(db, target, stack, 5); // oldest first
      const [otherBackup] = await takeSeries(db, target, other, 1);

      const dry = await applyRetention(target, {
        stack,
        keep: 2,
        protectedKeys: [series[0].key],
        dryRun: true,
      });
      assert.deepEqual(
        dry.deleted.map((m) => m.key),
        [series[2].key, series[1].key],
      );
      assert.equal((await listBackups(target, stack)).backups.length, 5, "dry run deletes nothing");

      // Protected by uri (current version) and by manifest key (previous version).
      const result = await applyRetention(target, {
        stack,
        keep: 2,
        protectedKeys: [series[0].uri, series[1].manifestKey],
      });
      assert.deepEqual(
        result.kept.map((m) => m.key),
        [series[4].key, series[3].key, series[1].key, series[0].key],
      );
      assert.deepEqual(
        result.deleted.map((m) => m.key),
        [series[2].key],
      );
      const stored = await whatIsStored(`it-backup/${stack}/`);
      const expected = [series[0], series[1], series[3], series[4]].flatMap((m) => [m.key, m.manifestKey]);
      assert.deepEqual(stored.objects.sort(), expected.sort());
      assert.deepEqual(
        (await listBackups(target, other)).backups.map((m) => m.key),
        [otherBackup.key],
      );

      const again = await applyRetention(target, { stack, keep: 1, protectedKeys: [] });
      assert.deepEqual(
        again.kept.map((m) => m.key),
        [series[4].key],
      );
      assert.deepEqual(
        (await whatIsStored(`it-backup/${stack}/`)).objects.sort(),
        [series[4].key, series[4].manifestKey].sort(),
      );
      await assert.rejects(applyRetention(target, { stack, keep: 0 }), /keep at least 1/);
    } finally {
      for (const s of [stack, other]) {
        for (const o of await target.list(`it-backup/${s}/`)) await target.delete(o.key);
      }
      target.close();
    }
  });

  it("in a folder: the same, and old dumps without a manifest go too", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-ret-"));
    const target = new FolderTarget({ path: dir });
    const stack = uniqueStack("retdir");
    try {
      const series = await takeSeries(db, target, stack, 3);
      const stray = path.join(dir, stack, "old-unverified.dump");
      fs.writeFileSync(stray, "partial");
      fs.utimesSync(stray, new Date("2026-01-01"), new Date("2026-01-01"));
      // As the Backup provider calls it: with a target config rather than an instance.
      const result = await applyRetention(
        { kind: "folder", path: dir },
        { stack, keep: 1, protectedKeys: [series[0].key] },
      );
      assert.deepEqual(
        result.deleted.map((m) => m.key),
        [series[1].key],
      );
      assert.deepEqual(
        result.deletedUnverified.map((o) => o.key),
        [`${stack}/old-unverified.dump`],
      );
      assert.deepEqual(
        fs.readdirSync(path.join(dir, stack)).sort(),
        [series[0], series[2]].flatMap((m) => [path.basename(m.key), path.basename(m.manifestKey)]).sort(),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
