import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough, Readable, Writable } from "stream";
import { pipeline } from "stream/promises";
import { FolderTarget } from "../../../core/backup";
import { HashingStream } from "../../../core/backup/hashing";
import { createProgress, formatBytes } from "../../../core/backup/progress";

describe("core/backup streams (no servers)", function () {
  describe("HashingStream", function () {
    it("hashes and counts what passes through", async function () {
      const data = Buffer.from("hello backups".repeat(1000));
      const h = new HashingStream();
      const out: Buffer[] = [];
      await pipeline(
        Readable.from([data.subarray(0, 7), data.subarray(7)]),
        h,
        new Writable({ write: (c, _e, done) => (out.push(c), done()) }),
      );
      assert.equal(h.byteCount, data.length);
      assert.equal(h.sha256, createHash("sha256").update(data).digest("hex"));
      assert.deepEqual(Buffer.concat(out), data);
    });

    it("holds back the end until the gate opens", async function () {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const h = new HashingStream({ gate: () => gate });
      let ended = false;
      h.on("data", () => undefined).on("end", () => (ended = true));
      h.end(Buffer.from("abc"));
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(ended, false, "no end while the producer's exit is unknown");
      open();
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(ended, true);
    });

    it("errors instead of ending when the gate rejects", async function () {
      const h = new HashingStream({ gate: () => Promise.reject(new Error("pg_dump was killed by SIGKILL")) });
      const sink = new PassThrough();
      const done = pipeline(Readable.from([Buffer.from("partial")]), h, sink.resume());
      await assert.rejects(done, /SIGKILL/);
      assert.throws(() => h.sha256, /before the stream ended/);
    });
  });

  describe("FolderTarget.writeStream", function () {
    it("leaves nothing (not even a temp file) when the body errors, and renames on success", async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-unit-"));
      try {
        const target = new FolderTarget({ path: dir });
        const failing = new HashingStream({ gate: () => Promise.reject(new Error("producer failed")) });
        failing.end(Buffer.alloc(100_000, 1));
        await assert.rejects(target.writeStream("s/a.dump", failing), /producer failed/);
        assert.deepEqual(fs.readdirSync(path.join(dir, "s")), []);
        let stored = 0;
        await target.writeStream("s/b.dump", Readable.from([Buffer.alloc(1234, 2)]), (n) => (stored = n));
        assert.deepEqual(fs.readdirSync(path.join(dir, "s")), ["b.dump"]);
        assert.equal(stored, 1234);
        assert.throws(() => target.uriOf("../escape"), /leaves the backup folder/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("progress", function () {
    it("draws bytes and rate on a terminal and stays quiet otherwise", function () {
      const lines: string[] = [];
      const tty = { isTTY: true, write: (t: string) => lines.push(t) };
      const p = createProgress("dump app", tty, 0);
      p.update({ pg_dump: 5 * 1024 * 1024 });
      p.done();
      assert.match(lines[0], /^\rdump app: pg_dump 5\.0 MiB \([\d.]+ [KMG]?i?B\/s\)/);
      assert.ok(lines[lines.length - 1].endsWith("\n"));
      const quiet = createProgress("x", false);
      quiet.update({ a: 1 });
      quiet.done();
      assert.equal(formatBytes(512), "512 B");
      assert.equal(formatBytes(1536), "1.5 KiB");
    });
  });
});
