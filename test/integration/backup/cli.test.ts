import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import { BackupManifest, defaultS3Prefix, takeVerifiedBackup } from "../../../core/backup";
import { CommandIO } from "../../../cli/backup-flags";
import { main } from "../../../cli/main";
import {
  backupCommand as backupAdapter,
  command as backupCommand,
  runBackup,
} from "../../../cli/commands/backup";
import {
  backupsCommand as backupsAdapter,
  command as backupsCommand,
  runBackups,
} from "../../../cli/commands/backups";
import {
  command as restoreCommand,
  restoreCommand as restoreAdapter,
  runRestore,
} from "../../../cli/commands/restore";
import {
  deleteUnder,
  seedBigTable,
  seedSmallSchema,
  tableChecksums,
  uniqueStack,
  whatIsStored,
} from "./helpers";

function capture(): CommandIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

const password = "cli-pass-Vb92mdQe";

describe("CLI: schemastack backup / restore / backups", function () {
  let source: TestDatabase;
  let sourceUrl: string;
  let s3Flags: string[];
  const saved: Record<string, string | undefined> = {};
  const stack = uniqueStack("cli");
  const cleanup: TestDatabase[] = [];

  before(async function () {
    const env = await testEnv();
    // The commands take S3 credentials from the standard AWS chain, like users do.
    for (const [k, v] of Object.entries({
      AWS_ACCESS_KEY_ID: env.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: env.s3.secretAccessKey,
      AWS_REGION: env.s3.region,
    })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    source = await createTestDatabase("bk_cli_src");
    await seedSmallSchema(source.url, 300);
    sourceUrl = source.url.replace("postgres://postgres@", `postgres://postgres:${password}@`);
    s3Flags = ["--bucket", env.s3.bucket, "--prefix", "it-cli", "--endpoint", env.s3.endpoint];
  });

  after(async function () {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all([source, ...cleanup].map((d) => d?.drop()));
    await deleteUnder(`it-cli/${stack}/`);
  });

  it("exports command modules with name, summary, usage and run", async function () {
    for (const [c, name] of [
      [backupCommand, "backup"],
      [restoreCommand, "restore"],
      [backupsCommand, "backups"],
    ] as const) {
      assert.equal(c.name, name);
      assert.ok(c.summary.length > 10 && c.usage.startsWith(`schemastack ${name}`));
      assert.equal(typeof c.run, "function");
    }
    for (const a of [backupAdapter, restoreAdapter, backupsAdapter]) {
      assert.ok(a.options.length > 3 && a.options.every((o) => o.name && o.description));
      assert.ok((a.details ?? "").length > 20);
    }
    const help = capture();
    assert.equal(await runRestore(["--help"], help), 0);
    assert.match(
      help.stdout,
      /^usage: schemastack restore[\s\S]*--table NAME\s+restore only this table .*\(repeatable\)/,
    );
  });

  it("cli/main hands the commands their raw arguments, parsed once by the command", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-cli-adapter-"));
    try {
      const taken = capture();
      const code = await main(
        ["backup", "--database-url", sourceUrl, "--dir", dir, "--stack", stack, "--json"],
        taken,
      );
      assert.equal(code, 0, taken.stderr);
      const manifest = JSON.parse(taken.stdout) as BackupManifest;
      const listed = capture();
      assert.equal(await main(["backups", "list", "--dir", dir], listed), 0, listed.stderr);
      assert.ok(listed.stdout.includes(manifest.uri));
      const fresh = await createTestDatabase("bk_cli_adapter");
      cleanup.push(fresh);
      const restored = capture();
      const args = [
        "--from",
        manifest.uri,
        "--database-url",
        fresh.url,
        "--table",
        "orders",
        "--table",
        "customers",
      ];
      assert.equal(await main(["restore", ...args, "--no-owner"], restored), 0, restored.stderr);
      assert.match(restored.stdout, /restored tables orders, customers from \//);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("backup -> backups list -> restore round-trips through S3 without printing the password", async function () {
    const io = capture();
    assert.equal(
      await runBackup(
        ["--database-url", sourceUrl, ...s3Flags, "--stack", stack, "--fingerprint", "cafe01", "--json"],
        io,
      ),
      0,
      io.stderr,
    );
    const manifest = JSON.parse(io.stdout) as BackupManifest;
    assert.equal(manifest.stack, stack);
    assert.match(manifest.key, new RegExp(`^it-cli/${stack}/.*-cafe01-`));

    const list = capture();
    assert.equal(await runBackups(["list", "--stack", stack, ...s3Flags], list), 0, list.stderr);
    assert.match(list.stdout, /^TAKEN\s+AGE\s+STACK\s+SIZE\s+VERIFIED\s+SCHEMA\s+UPDATE\s+LOCATION\n/);
    const row = list.stdout.split("\n").find((l) => l.includes(manifest.uri)) ?? "";
    assert.match(
      row,
      new RegExp(`^\\S+\\s+\\d+ (s|min)\\s+${stack}\\s+\\S+ \\S*B\\s+yes\\s+cafe01\\s+-\\s+`),
      row,
    );

    const fresh = await createTestDatabase("bk_cli_fresh");
    cleanup.push(fresh);
    const restore = capture();
    const env = await testEnv();
    assert.equal(
      await runRestore(
        ["--from", manifest.uri, "--database-url", fresh.url, "--endpoint", env.s3.endpoint],
        restore,
      ),
      0,
      restore.stderr,
    );
    assert.match(restore.stdout, /restored whole database from s3:\/\//);
    assert.deepEqual(await tableChecksums(fresh.url), await tableChecksums(source.url));

    const partial = await createTestDatabase("bk_cli_partial");
    cleanup.push(partial);
    const one = capture();
    assert.equal(
      await runRestore(
        [
          "--from",
          manifest.uri,
          "--database-url",
          partial.url,
          "--endpoint",
          env.s3.endpoint,
          "--table",
          "orders",
          "--table",
          "customers",
        ],
        one,
      ),
      0,
      one.stderr,
    );
    assert.deepEqual(Object.keys(await tableChecksums(partial.url)).sort(), [
      "public.customers",
      "public.orders",
    ]);

    for (const out of [io, list, restore, one]) assert.ok(!(out.stdout + out.stderr).includes(password));
  });

  it("a folder target works the same, and prune keeps the newest N", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-cli-"));
    try {
      for (let i = 0; i < 3; i++) {
        const io = capture();
        assert.equal(
          await runBackup(["--database-url", sourceUrl, "--dir", dir, "--stack", stack], io),
          0,
          io.stderr,
        );
        assert.match(io.stdout, /^verified backup taken\nbackup {4}\//);
      }
      const dry = capture();
      assert.equal(
        await runBackups(["prune", "--stack", stack, "--keep", "1", "--dir", dir, "--dry-run"], dry),
        0,
        dry.stderr,
      );
      assert.match(dry.stdout, /kept 1, would delete 2\n$/);
      const prune = capture();
      assert.equal(
        await runBackups(["prune", "--stack", stack, "--keep", "1", "--dir", dir], prune),
        0,
        prune.stderr,
      );
      assert.match(prune.stdout, /kept 1, deleted 2\n$/);
      const list = capture();
      assert.equal(await runBackups(["list", "--dir", dir, "--json"], list), 0);
      assert.equal((JSON.parse(list.stdout) as { backups: unknown[] }).backups.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds the backups the program made under the one default prefix, without --prefix", async function () {
    const env = await testEnv();
    // The program's S3 target config without a prefix, exactly as index.ts builds it by default.
    const programStack = `${stack}-default`;
    const manifest = await takeVerifiedBackup({
      databaseUrl: source.url,
      target: { kind: "s3", bucket: env.s3.bucket, endpoint: env.s3.endpoint, forcePathStyle: true },
      stack: programStack,
      progress: false,
    });
    try {
      assert.match(manifest.key, new RegExp(`^${defaultS3Prefix}${programStack}/`));
      const list = capture();
      const flags = ["--bucket", env.s3.bucket, "--endpoint", env.s3.endpoint];
      assert.equal(
        await runBackups(["list", "--stack", programStack, ...flags, "--json"], list),
        0,
        list.stderr,
      );
      const rows = (JSON.parse(list.stdout) as { backups: Array<{ uri: string; verified: boolean }> })
        .backups;
      assert.deepStrictEqual(
        rows.map((r) => [r.uri, r.verified]),
        [[manifest.uri, true]],
      );
    } finally {
      await deleteUnder(`${defaultS3Prefix}${programStack}/`);
    }
  });

  it("usage mistakes exit 2 with the usage; failures exit 1 naming the bucket and cause", async function () {
    const both = capture();
    assert.equal(await runBackup(["--database-url", sourceUrl, "--bucket", "b", "--dir", "/tmp/x"], both), 2);
    assert.match(both.stderr, /exactly one of --bucket or --dir[\s\S]*usage: schemastack backup/);
    const unknown = capture();
    assert.equal(await runRestore(["--from", "s3://b/k", "--bogus"], unknown), 2);
    assert.match(unknown.stderr, /Unknown option '--bogus'/);
    const missing = capture();
    assert.equal(await runRestore(["--database-url", sourceUrl], missing), 2);
    assert.match(missing.stderr, /--from is required/);
    const sub = capture();
    assert.equal(await runBackups(["remove", "--dir", "/tmp"], sub), 2);

    const env = await testEnv();
    const nobucket = capture();
    assert.equal(
      await runBackup(
        ["--database-url", sourceUrl, "--bucket", "cli-missing-bucket", "--endpoint", env.s3.endpoint],
        nobucket,
      ),
      1,
    );
    assert.match(
      nobucket.stderr,
      /^error: S3 bucket "cli-missing-bucket" at http:\/\/127\.0\.0\.1:\d+: bucket does not exist/,
    );
    assert.ok(!nobucket.stderr.includes(password) && !nobucket.stderr.includes(env.s3.secretAccessKey));
  });

  it("Ctrl-C during a backup stops pg_dump, removes the partial upload and exits 130", async function () {
    const big = await createTestDatabase("bk_cli_sigint");
    cleanup.push(big);
    await seedBigTable(big.url, 48);
    const sigStack = uniqueStack("cli-sigint");
    const script = `require("./cli/commands/backup").command.run(process.argv.slice(1)).then((c) => process.exit(c))`;
    const child = spawn(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "-e",
        script,
        "--",
        "--database-url",
        big.url,
        ...s3Flags,
        "--stack",
        sigStack,
      ],
      {
        cwd: path.resolve(__dirname, "../../.."),
        env: { ...process.env, NODE_NO_WARNINGS: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    // Find the dumping pg_dump (not the --version probe), let it stream a little, freeze it so the dump cannot
    // finish first, then interrupt the command and let pg_dump receive the command's SIGTERM.
    let dumpPid = 0;
    for (let i = 0; i < 200 && !dumpPid; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const found = spawnSync("pgrep", ["-P", String(child.pid), "-f", "pg_dump --format=custom"], {
        encoding: "utf8",
      }).stdout.trim();
      dumpPid = Number(found.split("\n")[0]) || 0;
    }
    assert.ok(dumpPid > 0, `pg_dump never started: ${stderr}`);
    await new Promise((r) => setTimeout(r, 300));
    try {
      process.kill(dumpPid, "SIGSTOP");
    } catch (e) {
      throw new Error(`pg_dump ended early (${String(e)}): ${stderr}`);
    }
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    process.kill(dumpPid, "SIGCONT");
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /interrupted: stopping and removing the partial backup/);
    assert.match(stderr, /error: backup of .* was cancelled/);
    assert.deepEqual(await whatIsStored(`it-cli/${sigStack}/`), { objects: [], uploads: [] });
  });
});
