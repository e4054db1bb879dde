import { strict as assert } from "assert";
import {
  BackupError,
  parseBackupLocation,
  parseManifest,
  planRetention,
  redact,
  BackupManifest,
} from "../../../core/backup";
import { parseDatabaseUrl, withDatabase } from "../../../core/backup/connection";
import { registerSecret } from "../../../core/backup/errors";
import {
  dumpKeyOf,
  dumpKeyOwner,
  manifestKeyFor,
  newDumpKey,
  normalizePrefix,
  stackSegment,
} from "../../../core/backup/keys";
import { currentOwner } from "../../../core/lifecycle/run-owner";
import { checkDumpCompatible, majorFromVersionNum, parseToolVersion } from "../../../core/backup/pg-tools";
import { describeS3Error } from "../../../core/backup/s3-errors";
import { checkTablesPresent, parseTocRelations } from "../../../core/backup/archive";

function manifest(overrides: Partial<BackupManifest> = {}): BackupManifest {
  return {
    manifestVersion: 1,
    format: "pg_dump-custom",
    target: "s3",
    bucket: "b",
    key: "p/s/k.dump",
    manifestKey: "p/s/k.dump.manifest.json",
    uri: "s3://b/p/s/k.dump",
    sizeBytes: 10,
    sha256: "a".repeat(64),
    pgDumpVersion: "15.18",
    serverVersion: "15.18",
    serverVersionNum: 150018,
    schemaFingerprint: null,
    stack: "s",
    database: "app",
    createdAt: "2026-11-01T00:00:00.000Z",
    verifiedAt: "2026-11-01T00:00:01.000Z",
    ...overrides,
  };
}

describe("core/backup pure helpers", function () {
  describe("redact", function () {
    it("masks URL passwords and registered secrets, also percent-encoded", function () {
      assert.equal(
        redact("connect postgres://bob:s3cr%40t@db:5432/app failed"),
        "connect postgres://bob:***@db:5432/app failed",
      );
      registerSecret("AKIA-secret/with+chars");
      assert.equal(redact("key AKIA-secret/with+chars and AKIA-secret%2Fwith%2Bchars"), "key *** and ***");
      assert.equal(new BackupError("storage-error", "x AKIA-secret/with+chars").message, "x ***");
    });
  });

  describe("parseDatabaseUrl", function () {
    it("keeps the password out of the tool's URL and passes it as PGPASSWORD", function () {
      const c = parseDatabaseUrl("postgresql://app:p%40ss%3Aword@db.example:6543/my%20db?sslmode=require");
      assert.equal(c.urlWithoutPassword, "postgresql://app@db.example:6543/my%20db?sslmode=require");
      assert.deepEqual(c.env, { PGPASSWORD: "p@ss:word" });
      assert.equal(c.database, "my db");
      assert.equal(c.display, "db.example:6543/my db");
      assert.equal(redact("oops p@ss:word"), "oops ***");
    });
    it("also moves a ?password= parameter out of the URL", function () {
      const c = parseDatabaseUrl("postgres://app@h/db?sslmode=disable&password=qp-Secret9");
      assert.equal(c.urlWithoutPassword, "postgres://app@h/db?sslmode=disable");
      assert.deepEqual(c.env, { PGPASSWORD: "qp-Secret9" });
      assert.equal(redact("x qp-Secret9"), "x ***");
    });
    it("defaults the database to the user and rejects other schemes", function () {
      assert.equal(parseDatabaseUrl("postgres://alice@h").database, "alice");
      assert.deepEqual(parseDatabaseUrl("postgres://alice@h/x").env, {});
      assert.throws(() => parseDatabaseUrl("mysql://a@b/c"), /postgres:\/\//);
      assert.throws(() => parseDatabaseUrl("not a url"), /not a valid/);
    });
    it("swaps the database of a URL", function () {
      assert.equal(withDatabase("postgres://u:p@h:1/a?x=1", "scratch_1"), "postgres://u:p@h:1/scratch_1?x=1");
    });
  });

  describe("versions", function () {
    it("reads pg_dump --version output and server_version_num", function () {
      assert.deepEqual(parseToolVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n"), {
        major: 15,
        text: "15.18",
      });
      assert.deepEqual(parseToolVersion("pg_dump (PostgreSQL) 9.6.24"), { major: 9.6, text: "9.6.24" });
      assert.deepEqual(parseToolVersion("pg_dump (PostgreSQL) 17devel"), { major: 17, text: "17" });
      assert.equal(majorFromVersionNum(150018), 15);
      assert.equal(majorFromVersionNum(170000), 17);
      assert.equal(majorFromVersionNum(90624), 9.6);
    });
    it("refuses a pg_dump older than the server, accepts equal or newer", function () {
      const server = { num: 160004, major: 16, text: "16.4" };
      assert.throws(
        () => checkDumpCompatible({ major: 15, text: "15.18" }, server, "/usr/bin/pg_dump"),
        (e: unknown) =>
          e instanceof BackupError &&
          e.code === "pg-dump-too-old" &&
          /at least major version 16/.test(e.message),
      );
      checkDumpCompatible({ major: 16, text: "16.1" }, server, "pg_dump");
      checkDumpCompatible({ major: 17, text: "17.0" }, server, "pg_dump");
    });
  });

  describe("keys", function () {
    it("normalises prefixes and encodes stack names into one segment", function () {
      assert.equal(normalizePrefix(undefined), "");
      assert.equal(normalizePrefix("/a/b//"), "a/b/");
      assert.equal(stackSegment("org/proj/prod"), "org%2Fproj%2Fprod");
      assert.notEqual(stackSegment("a/b"), stackSegment("a_b"));
      assert.throws(() => stackSegment(""), /empty/);
    });
    it("names dumps by stack, time and fingerprint, sortable by time", function () {
      const a = newDumpKey("pre/", "prod", new Date("2026-11-01T10:00:00.000Z"), "sha256:0123456789abcdef");
      const b = newDumpKey("pre/", "prod", new Date("2026-11-02T09:00:00.000Z"), null);
      assert.match(
        a,
        /^pre\/prod\/2026-11-01T10-00-00-000Z-0123456789ab-[0-9a-f]{6}_\d+_[0-9a-z]+-[0-9a-f]{8}\.dump$/,
      );
      assert.match(
        b,
        /^pre\/prod\/2026-11-02T09-00-00-000Z-nofp-[0-9a-f]{6}_\d+_[0-9a-z]+-[0-9a-f]{8}\.dump$/,
      );
      assert.ok(a < b);
      assert.equal(dumpKeyOf(manifestKeyFor(a)), a);
      assert.equal(dumpKeyOf(a), a);
    });
    it("a dump key names the run that wrote it; keys of earlier versions name none", function () {
      const key = newDumpKey("pre/", "prod", new Date("2026-11-01T10:00:00.000Z"), "sha256:0123456789abcdef");
      assert.deepStrictEqual(dumpKeyOwner(key), currentOwner());
      assert.deepStrictEqual(dumpKeyOwner(manifestKeyFor(key)), undefined);
      assert.strictEqual(
        dumpKeyOwner("pre/prod/2026-11-01T10-00-00-000Z-0123456789ab-0a1b2c3d.dump"),
        undefined,
      );
    });
  });

  describe("locations", function () {
    it("parses s3:// URIs and paths, of dumps or manifests", function () {
      assert.deepEqual(parseBackupLocation("s3://bkt/a/b.dump"), {
        kind: "s3",
        bucket: "bkt",
        key: "a/b.dump",
      });
      assert.deepEqual(parseBackupLocation("s3://bkt/a/b.dump.manifest.json"), {
        kind: "s3",
        bucket: "bkt",
        key: "a/b.dump",
      });
      assert.deepEqual(parseBackupLocation("/tmp/x/y.dump"), {
        kind: "folder",
        directory: "/tmp/x",
        key: "y.dump",
      });
      assert.throws(() => parseBackupLocation("s3://bkt"), /s3:\/\/bucket\/key/);
      assert.throws(() => parseBackupLocation("gs://bkt/x"), /unsupported/);
    });
  });

  describe("manifest", function () {
    it("accepts a well-formed manifest and names the bad field otherwise", function () {
      assert.deepEqual(parseManifest(JSON.stringify(manifest()), "m"), manifest());
      assert.throws(() => parseManifest("{", "m"), /not valid JSON/);
      assert.throws(
        () => parseManifest(JSON.stringify(manifest({ sha256: "xyz" })), "s3://b/m"),
        /s3:\/\/b\/m: missing or invalid "sha256"/,
      );
      assert.throws(() => parseManifest(JSON.stringify({ ...manifest(), sizeBytes: 0 }), "m"), /sizeBytes/);
      assert.throws(
        () => parseManifest(JSON.stringify({ ...manifest(), manifestVersion: 2 }), "m"),
        /manifestVersion/,
      );
      assert.throws(() => parseManifest(JSON.stringify({ ...manifest(), stack: undefined }), "m"), /"stack"/);
    });
  });

  describe("planRetention", function () {
    const backups = [1, 2, 3, 4, 5].map((d) =>
      manifest({
        key: `k${d}`,
        manifestKey: `k${d}.m`,
        uri: `s3://b/k${d}`,
        createdAt: `2026-11-0${d}T00:00:00.000Z`,
      }),
    );
    it("keeps the newest N plus protected ones, whatever the input order", function () {
      const { kept, deleted } = planRetention(
        [...backups]
          .reverse()
          .concat([])
          .sort(() => 0),
        2,
        ["k1", "s3://b/k2"],
      );
      assert.deepEqual(
        kept.map((m) => m.key),
        ["k5", "k4", "k2", "k1"],
      );
      assert.deepEqual(
        deleted.map((m) => m.key),
        ["k3"],
      );
      assert.deepEqual(
        planRetention(backups, 10, []).deleted.map((m) => m.key),
        [],
      );
      assert.deepEqual(
        planRetention(backups, 1, ["k3.m"]).kept.map((m) => m.key),
        ["k5", "k3"],
      );
    });
    it("refuses to keep fewer than one", function () {
      assert.throws(() => planRetention(backups, 0, []), /at least 1/);
      assert.throws(() => planRetention(backups, 1.5, []), /at least 1/);
    });
  });

  describe("archive table of contents", function () {
    const list = [
      ";     Format: CUSTOM",
      "214; 1259 94832 TABLE public events postgres",
      "215; 1259 94833 TABLE audit my table app_owner",
      "216; 1259 94834 VIEW public big_orders postgres",
      "217; 1259 94835 SEQUENCE public events_id_seq postgres",
      "218; 1259 94836 MATERIALIZED VIEW public mv postgres",
      "3198; 2606 94844 CONSTRAINT public events events_pkey postgres",
      "3199; 0 94832 TABLE DATA public events postgres",
      "3200; 0 0 SEQUENCE SET public events_id_seq postgres",
      "3201; 0 0 SEQUENCE OWNED BY public events_id_seq postgres",
    ].join("\n");
    it("finds the relations pg_restore -t can select", function () {
      assert.deepEqual(
        parseTocRelations(list),
        [
          { kind: "TABLE", schema: "public", name: "events" },
          { kind: "TABLE", schema: "audit", name: "my table" },
          { kind: "VIEW", schema: "public", name: "big_orders" },
          { kind: "SEQUENCE", schema: "public", name: "events_id_seq" },
          { kind: "MATERIALIZED VIEW", schema: "public", name: "mv" },
          { kind: "TABLE", schema: "public", name: "DATA public events" },
        ].slice(0, 5),
      );
    });
    it("names missing tables and lists the ones present", function () {
      const relations = parseTocRelations(list);
      checkTablesPresent(["events", "my table", "big_orders"], relations, "x");
      assert.throws(
        () => checkTablesPresent(["events", "evnts"], relations, "s3://b/k"),
        /s3:\/\/b\/k has no table "evnts" \(tables in it: audit\.my table, public\.events\)/,
      );
    });
  });

  describe("describeS3Error", function () {
    const ctx = { bucket: "dumps", endpoint: "http://127.0.0.1:9", action: "list objects" };
    it("classifies unreachable endpoints, including Node's AggregateError", function () {
      const refused = Object.assign(
        new AggregateError(
          [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })],
          "",
        ),
        {
          code: "ECONNREFUSED",
        },
      );
      const e = describeS3Error(refused, ctx);
      assert.equal(e.code, "endpoint-unreachable");
      assert.match(
        e.message,
        /^S3 bucket "dumps" at http:\/\/127\.0\.0\.1:9: endpoint unreachable .*ECONNREFUSED/,
      );
      assert.equal(
        describeS3Error(Object.assign(new Error("t"), { name: "TimeoutError" }), ctx).code,
        "endpoint-unreachable",
      );
    });
    it("classifies missing buckets, rejected credentials and denied access", function () {
      const sdk = (name: string, status: number) =>
        Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
      assert.equal(describeS3Error(sdk("NoSuchBucket", 404), ctx).code, "bucket-missing");
      assert.equal(describeS3Error(sdk("NotFound", 404), ctx).code, "bucket-missing");
      assert.equal(describeS3Error(sdk("NotFound", 404), { ...ctx, key: "k" }).code, "object-missing");
      assert.equal(describeS3Error(sdk("NoSuchKey", 404), ctx).code, "object-missing");
      assert.equal(describeS3Error(sdk("InvalidAccessKeyId", 403), ctx).code, "invalid-credentials");
      assert.equal(describeS3Error(sdk("SignatureDoesNotMatch", 403), ctx).code, "invalid-credentials");
      assert.equal(describeS3Error(sdk("AccessDenied", 403), ctx).code, "access-denied");
      assert.equal(describeS3Error(sdk("Forbidden", 403), ctx).code, "access-denied");
      assert.equal(describeS3Error(sdk("InternalError", 500), ctx).code, "storage-error");
      const none = describeS3Error(
        Object.assign(new Error("Could not load credentials from any providers"), {
          name: "CredentialsProviderError",
        }),
        ctx,
      );
      assert.equal(none.code, "invalid-credentials");
      assert.match(none.message, /^S3 bucket "dumps" at .*: no S3 credentials found .*AWS_ACCESS_KEY_ID/);
      const passthrough = new BackupError("dump-failed", "x");
      assert.equal(describeS3Error(passthrough, ctx), passthrough);
    });
  });
});
