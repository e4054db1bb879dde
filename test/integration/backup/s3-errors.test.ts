import { strict as assert } from "assert";
import * as net from "net";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import {
  BackupError,
  BackupErrorCode,
  listBackups,
  restoreBackup,
  S3Target,
  takeVerifiedBackup,
} from "../../../core/backup";
import { s3TargetOptions, uniqueStack, whatIsStored } from "./helpers";

const wrongSecret = "wrong-secret-Zq81xPv0";
const dbPassword = "db-pass-Hk37wqLm";

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectFailure(code: BackupErrorCode, bucket: string, cause: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof BackupError, `expected a BackupError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.includes(`"${bucket}"`), `message names the bucket: ${e.message}`);
    assert.match(e.message, cause);
    for (const secret of [wrongSecret, dbPassword])
      assert.ok(!e.message.includes(secret), `secret leaked: ${e.message}`);
    assert.ok(!(e.stack ?? "").includes(wrongSecret) && !(e.stack ?? "").includes(dbPassword));
    return true;
  };
}

describe("backup to S3: unreachable endpoint, wrong credentials, missing bucket", function () {
  let db: TestDatabase;
  let urlWithPassword: string;

  before(async function () {
    db = await createTestDatabase("bk_err");
    // The test cluster trusts local connections, so the password is accepted and ignored:
    // it is there to prove it never reaches a message.
    urlWithPassword = db.url.replace("postgres://postgres@", `postgres://postgres:${dbPassword}@`);
  });

  after(async function () {
    await db?.drop();
  });

  it("wrong credentials: fails before dumping, names the bucket and the rejection, hides the secret", async function () {
    const env = await testEnv();
    const stack = uniqueStack("badcreds");
    const options = await s3TargetOptions({
      credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: wrongSecret },
    });
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: urlWithPassword,
        target: { kind: "s3", ...options },
        stack,
        progress: false,
      }),
      expectFailure("invalid-credentials", env.s3.bucket, /credentials rejected .*SignatureDoesNotMatch/),
    );
    const unknownKey = await s3TargetOptions({
      credentials: { accessKeyId: "no-such-access-key", secretAccessKey: wrongSecret },
    });
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: urlWithPassword,
        target: { kind: "s3", ...unknownKey },
        stack,
        progress: false,
      }),
      expectFailure(
        "invalid-credentials",
        env.s3.bucket,
        /credentials rejected .*(InvalidAccessKeyId|XAdminUserNotFound)/,
      ),
    );
    assert.deepEqual(await whatIsStored(`it-backup/${stack}/`), { objects: [], uploads: [] });
  });

  it("unreachable endpoint: fails before dumping, names the bucket, the endpoint and the refusal", async function () {
    const env = await testEnv();
    const port = await closedPort();
    const options = await s3TargetOptions({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: urlWithPassword,
        target: { kind: "s3", ...options },
        stack: uniqueStack("unreach"),
        progress: false,
      }),
      expectFailure(
        "endpoint-unreachable",
        env.s3.bucket,
        new RegExp(`127\\.0\\.0\\.1:${port}.*unreachable.*ECONNREFUSED`),
      ),
    );
  });

  it("missing bucket: fails before dumping and says the bucket does not exist", async function () {
    const bucket = `no-such-bucket-${process.pid}`;
    const options = await s3TargetOptions({ bucket });
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: urlWithPassword,
        target: { kind: "s3", ...options },
        stack: uniqueStack("nobucket"),
        progress: false,
      }),
      expectFailure("bucket-missing", bucket, /bucket does not exist/),
    );
    const target = new S3Target(options);
    await assert.rejects(
      listBackups(target, "x"),
      expectFailure("bucket-missing", bucket, /bucket does not exist/),
    );
    target.close();
  });

  it("restore reports the same causes", async function () {
    const env = await testEnv();
    const port = await closedPort();
    await assert.rejects(
      restoreBackup({
        from: `s3://${env.s3.bucket}/it-backup/x/y.dump`,
        databaseUrl: urlWithPassword,
        s3: {
          ...(await s3TargetOptions()),
          credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: wrongSecret },
        },
        progress: false,
      }),
      expectFailure("invalid-credentials", env.s3.bucket, /credentials rejected/),
    );
    await assert.rejects(
      restoreBackup({
        from: `s3://${env.s3.bucket}/it-backup/x/y.dump`,
        databaseUrl: urlWithPassword,
        s3: { ...(await s3TargetOptions()), endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 },
        progress: false,
      }),
      expectFailure("endpoint-unreachable", env.s3.bucket, /unreachable/),
    );
  });

  it("an unreachable database fails without printing its password", async function () {
    const port = await closedPort();
    const url = `postgres://postgres:${dbPassword}@127.0.0.1:${port}/nowhere`;
    await assert.rejects(
      takeVerifiedBackup({
        databaseUrl: url,
        target: { kind: "s3", ...(await s3TargetOptions()) },
        stack: uniqueStack("nodb"),
        progress: false,
      }),
      (e: unknown) => {
        assert.ok(e instanceof BackupError);
        assert.equal(e.code, "database-unreachable");
        assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}/nowhere.*ECONNREFUSED`));
        assert.ok(!e.message.includes(dbPassword));
        return true;
      },
    );
  });
});
