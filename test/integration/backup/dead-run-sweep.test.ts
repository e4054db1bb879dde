// What killed runs leave in the bucket, against the real S3 server of the local environment
// (versitygw): an incomplete multipart upload, and a dump stored without its manifest. The next
// backup's sweep aborts / removes those of dead runs and says so, and leaves a live run's, a
// verified dump, and keys written before dump keys named their run. A signal to a run that is
// writing aborts its own upload (the cleanup the CLI's and the providers' handlers run).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { Readable } from "stream";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { S3Target, sweepDeadRunBackups } from "../../../core/backup";
import { manifestKeyFor, stackPrefix } from "../../../core/backup/keys";
import { pendingCleanups, runPendingCleanups } from "../../../core/lifecycle/cleanups";
import { currentOwner, formatOwner } from "../../../core/lifecycle/run-owner";
import { waitFor } from "../../support/adversarial/processes";
import { deleteUnder, rawS3, s3TargetOptions, uniqueStack, whatIsStored } from "./helpers";

function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

describe("backup to S3: what killed runs left is swept by the next backup", function () {
  this.timeout(120_000);
  const prefix = `it-sweep-${process.pid}`;

  after(async () => {
    await deleteUnder(`${prefix}/`);
    const { client, bucket } = await rawS3();
    try {
      const target = new S3Target(await s3TargetOptions({ prefix }));
      for (const u of await target.incompleteUploads(`${prefix}/`))
        await client.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }),
        );
      target.close();
    } finally {
      client.destroy();
    }
  });

  it("aborts a dead run's incomplete upload and removes its unverified dump; keeps the rest", async () => {
    const stack = uniqueStack("sweep");
    const folder = stackPrefix(`${prefix}/`, stack);
    const dead = formatOwner({ ...currentOwner(), pid: deadPid() });
    const live = formatOwner();
    const key = (owner: string | null, n: number) =>
      `${folder}2026-12-02T10-00-0${n}-000Z-0123456789ab-${owner ? `${owner}-` : ""}0000000${n}.dump`;
    const { client, bucket } = await rawS3();
    try {
      const open = async (k: string) => {
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: k }));
        await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: k,
            UploadId,
            PartNumber: 1,
            Body: Buffer.alloc(1024, 1),
          }),
        );
      };
      const put = (k: string, body = "dump") =>
        client.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: body }));
      await open(key(dead, 1));
      await open(key(live, 2));
      await open(key(null, 3));
      await put(key(dead, 4)); // unverified, dead run
      await put(key(dead, 5));
      await put(manifestKeyFor(key(dead, 5)), "{}"); // verified: its manifest exists
      await put(key(live, 6)); // unverified, but its run is alive (verifying right now)
    } finally {
      client.destroy();
    }

    const target = new S3Target(await s3TargetOptions({ prefix }));
    try {
      const notices = await sweepDeadRunBackups(target, stack);
      assert.equal(notices.length, 2, notices.join("\n"));
      assert.match(
        notices[0],
        /^aborted the incomplete upload s3:\/\/.*-00000001\.dump left by process \d+ started .* which is no longer running$/,
      );
      assert.match(
        notices[1],
        /^removed the unverified dump s3:\/\/.*-00000004\.dump left by process \d+ started .* which is no longer running$/,
      );
      const stored = await whatIsStored(folder);
      assert.deepEqual(stored.uploads.sort(), [key(live, 2), key(null, 3)].sort());
      assert.deepEqual(
        stored.objects.sort(),
        [key(dead, 5), manifestKeyFor(key(dead, 5)), key(live, 6)].sort(),
      );
      // Nothing more to do the second time.
      assert.deepEqual(await sweepDeadRunBackups(target, stack), []);
    } finally {
      target.close();
    }
  });

  it("a signal while a dump streams: the run's cleanup aborts its multipart upload", async () => {
    const stack = uniqueStack("signal");
    const folder = stackPrefix(`${prefix}/`, stack);
    const target = new S3Target(await s3TargetOptions({ prefix, partSize: 5 * 1024 * 1024 }));
    try {
      // More than one part, then the body stalls as a dump blocked mid-stream does.
      const body = new Readable({ read() {} });
      body.push(Buffer.alloc(6 * 1024 * 1024, 7));
      const writing = target.writeStream(`${folder}stalled.dump`, body);
      const outcome = writing.then(
        () => "stored",
        () => "rejected",
      );
      await waitFor(
        "the multipart upload to be open",
        async () => (await target.incompleteUploads(folder)).length > 0,
        60_000,
      );
      assert.ok(
        pendingCleanups().some((c) => /^incomplete upload s3:\/\/.*stalled\.dump$/.test(c.description)),
      );
      const outcomes = await runPendingCleanups();
      assert.ok(
        outcomes.every((o) => !o.error),
        JSON.stringify(outcomes),
      );
      assert.deepEqual(await whatIsStored(folder), { objects: [], uploads: [] });
      body.destroy(new Error("stopped"));
      assert.equal(await outcome, "rejected");
      assert.deepEqual(await whatIsStored(folder), { objects: [], uploads: [] });
    } finally {
      target.close();
    }
  });
});
