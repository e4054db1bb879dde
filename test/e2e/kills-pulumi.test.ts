// `pulumi up` (the real CLI running the spec program) stopped at each stage of an update with
// SIGTERM, SIGINT and SIGKILL, and what it leaves behind: scratch databases, rehearsal branches,
// incomplete S3 multipart uploads, unverified dumps, schemastack sessions and processes.
//
// Stages, each held by something the test owns (never a sleep), observed before the kill:
// - render: the render's CREATE TABLE accounts in the shared scratch database, waiting behind the
//   test's open transaction that created a table of that name there (the render cache is off, so
//   the render runs; the shared database is where renders run, and on a server other suites use
//   it already exists, so its CREATE DATABASE cannot be what holds the render);
// - backup: a pg_dump on PATH that streams more than one multipart part of random bytes, then
//   runs until the test's gate session ends: the upload is open and has a part;
// - rehearsal: the rehearsal's smoke SQL on its branch, running until that gate session ends;
// - apply: the migration's ALTER TABLE waiting for a lock on the table the test holds.
// SIGTERM/SIGINT go to the CLI as a terminal or CI does (plugins run in process groups of their
// own, so the CLI alone gets them), twice: the first cancels gently and waits for the running
// step (held here), the second terminates, which interrupts the plugins. Nothing of the run may
// remain, without any later run. SIGKILL kills every process of the run at once (a crash): what
// it left must exist, and the next `up` removes it, says so, and converges.
// One project per stage serves its three signals; each update is the same one-column change.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import type { Stack } from "@pulumi/pulumi/automation";
import { S3Target } from "../../core/backup";
import { parseOwner } from "../../core/lifecycle/run-owner";
import { scratchPrefix, sharedScratchDatabase } from "../../core/render";
import { withDatabase } from "../../core/pg/connection-url";
import { stateRoot } from "../../localenv/paths";
import { createTestDatabase, TestDatabase, testEnv } from "../support/env";
import { openStack } from "../support/pulumi";
import { columnTypes, query } from "../support/sql";
import { FigureCounter } from "../support/adversarial/figures";
import { Finished, start, waitFor } from "../support/adversarial/processes";

const program = path.join(__dirname, "fixtures", "spec-program");
const figures = new FigureCounter("kills-pulumi");
const stages = ["render", "backup", "rehearsal", "apply"] as const;
type Stage = (typeof stages)[number];
const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGKILL"];
/**
 * The backup and rehearsal holds: a statement that runs while the test's gate session (this
 * application_name) is connected. (A lock on a shared catalog would hold them without a loop, but
 * new connections to the whole server can queue behind such a lock.)
 */
const gateApp = `schemastack-kill-test-gate-${process.pid}`;
const heldStatement =
  "do $$ begin while exists (select from pg_catalog.pg_stat_activity where application_name = " +
  `'${gateApp}') loop perform pg_catalog.pg_sleep(0.05); end loop; end $$`;

function spec(stage: Stage, withNote: boolean): unknown {
  return {
    version: withNote ? "2.0.0" : "1.0.0",
    tables: {
      accounts: {
        columns: {
          id: { type: "bigint", primaryKey: true },
          name: { type: "text" },
          ...(withNote ? { note: { type: "text" } } : {}),
        },
      },
    },
    ...(stage === "rehearsal" ? { smokeSql: [heldStatement] } : {}),
  };
}

/** `root` and every process below it (Pulumi's plugins are its children in groups of their own). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
    return state !== "Z";
  } catch {
    return false;
  }
}

/** A pg_dump that streams one multipart part and a bit of random bytes, then runs until the gate ends. */
function holdingPgDump(dir: string, adminUrl: string, bytes: number): string {
  const real = path.join(
    process.env.PATH!.split(path.delimiter).find((d) => fs.existsSync(path.join(d, "pg_dump")))!,
    "pg_dump",
  );
  const bin = path.join(dir, "holding-pg-dump");
  fs.mkdirSync(bin, { recursive: true });
  const sql = path.join(dir, "held.sql");
  fs.writeFileSync(sql, `${heldStatement};\nselect 1/0;\n`);
  fs.writeFileSync(
    path.join(bin, "pg_dump"),
    `#!/usr/bin/env bash
case " $* " in *" --version "*|*" -V "*) exec ${real} "$@";; esac
head -c ${bytes} /dev/urandom || exit 1
PGAPPNAME=${gateApp}-waiter exec psql "${adminUrl}" -Atq -v ON_ERROR_STOP=1 -f "${sql}" >/dev/null
`,
    { mode: 0o755 },
  );
  return bin;
}

describe("adversarial: `pulumi up` killed at render, backup, rehearsal and apply time", function () {
  this.timeout(1_800_000);
  let dir: string;
  let adminUrl: string;
  let s3: S3Target;
  const pulumi = () => path.join(stateRoot(), "bin", "pulumi");

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-kills-pulumi-"));
    const env = await testEnv();
    adminUrl = env.adminUrl;
    s3 = new S3Target({
      bucket: env.s3.bucket,
      endpoint: env.s3.endpoint,
      prefix: "",
      credentials: { accessKeyId: env.s3.accessKeyId, secretAccessKey: env.s3.secretAccessKey },
    });
  });
  after(() => {
    s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    figures.report();
  });

  for (const stage of stages) {
    describe(`at ${stage} time`, function () {
      let db: TestDatabase;
      let parent: TestDatabase | undefined;
      let stack: Stack;
      let workDir: string;
      let env: Record<string, string>;
      const stackName = `kills-${stage}-${process.pid}`;
      const prefix = `e2e-kills-${stage}-${process.pid}/`;
      /** The stack's folder in the bucket (backupPrefix + stack segment). */
      const stackFolder = `${prefix}${stackName}/`;

      before(async () => {
        db = await createTestDatabase(`kills_${stage}`);
        await query(db.url, "create table accounts (id bigint primary key, name text)");
        await query(db.url, "insert into accounts select g, 'n' || g from generate_series(1, 100) g");
        ({ stack, workDir, env } = await openStack(program, stackName));
        const config: Record<string, { value: string; secret?: boolean }> = {
          "schemastack-test:databaseUrl": { value: db.url, secret: true },
          "schemastack-test:backupPrefix": { value: prefix },
          "schemastack-test:spec": { value: JSON.stringify(spec(stage, false)) },
          // The held step waits as long as the test holds it, never on a timer of its own.
          "schemastack:lockTimeoutMs": { value: "600000" },
        };
        if (stage === "rehearsal") {
          parent = await createTestDatabase("kills_parent");
          await query(parent.url, "create table accounts (id bigint primary key, name text)");
          config["schemastack-test:rehearseAgainst"] = { value: parent.url, secret: true };
        }
        await stack.setAllConfig(config);
        const first = await stack.up({ onOutput: () => undefined });
        assert.strictEqual(first.summary.result, "succeeded");
        await stack.setConfig("schemastack-test:spec", { value: JSON.stringify(spec(stage, true)) });
      });

      after(async () => {
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        await db?.drop();
        await parent?.drop();
      });

      /** Holds the stage; returns what an update needs to be held by it, and the release. */
      async function hold(): Promise<{ extraEnv: Record<string, string>; release: () => Promise<void> }> {
        if (stage === "render")
          await query(adminUrl, `create database ${sharedScratchDatabase}`).catch((e: { code?: string }) => {
            if (e.code !== "42P04") throw e; // made already, by this server's first render
          });
        const url =
          stage === "apply"
            ? db.url
            : stage === "render"
              ? withDatabase(adminUrl, sharedScratchDatabase)
              : adminUrl;
        const holder = new Client({ connectionString: url, application_name: gateApp });
        await holder.connect();
        await holder.query("begin");
        if (stage === "render") await holder.query("create table public.accounts (held_by_a_kill_test int)");
        else if (stage === "apply") await holder.query("select count(*) from accounts");
        const extraEnv: Record<string, string> = {};
        // A cached render would not reach the scratch database at all.
        if (stage === "render") extraEnv.SCHEMASTACK_RENDER_CACHE = "off";
        if (stage === "backup")
          // 16 MiB parts by default: one full part and more, so the upload is multipart and open.
          extraEnv.PATH = `${holdingPgDump(dir, adminUrl, 17 * 1024 * 1024)}${path.delimiter}${env.PATH}`;
        return {
          extraEnv,
          release: async () => {
            await holder.query("rollback").catch(() => undefined);
            await holder.end().catch(() => undefined);
          },
        };
      }

      /** schemastack sessions of processes in `pids` (their owner is in application_name). */
      async function sessionsOf(pids: Set<number>, condition = "true"): Promise<string[]> {
        const rows = await query<{ pid: number; app: string; datname: string | null; query: string }>(
          adminUrl,
          `select pid, application_name as app, datname, query from pg_stat_activity
            where application_name like 'schemastack%' and application_name <> '${gateApp}' and ${condition}`,
        );
        return rows
          .filter((r) => pids.has(parseOwner(r.app.slice(r.app.lastIndexOf(" ") + 1))?.pid ?? -1))
          .map((r) => `session ${r.pid} (${r.app}) on ${r.datname}: ${r.query.slice(0, 80)}`);
      }

      /** The stage is reached: a process of the run waits on the hold, with its work open. */
      async function reached(cli: number): Promise<boolean> {
        const pids = new Set(processTree(cli));
        if (stage === "render")
          return (
            (await sessionsOf(pids, `datname = '${sharedScratchDatabase}' and wait_event_type = 'Lock'`))
              .length > 0
          );
        if (stage === "apply")
          return (await sessionsOf(pids, `datname = '${db.name}' and wait_event_type = 'Lock'`)).length > 0;
        if (stage === "rehearsal")
          return (
            (await sessionsOf(pids, `datname like 'rehearsal!_%' escape '!' and query ilike 'do %'`)).length >
            0
          );
        const waiting = await query(
          adminUrl,
          `select 1 from pg_stat_activity where application_name = '${gateApp}-waiter' and state = 'active'`,
        );
        return waiting.length > 0 && (await s3.incompleteUploads(stackFolder)).length > 0;
      }

      /** Everything of the run made of `pids` that is still there. */
      async function leftovers(pids: Set<number>): Promise<string[]> {
        const ours = (name: string, at: string) => pids.has(parseOwner(name.slice(at.length))?.pid ?? -1);
        const databases = (await query<{ name: string }>(adminUrl, "select datname as name from pg_database"))
          .map((r) => r.name)
          .filter(
            (n) =>
              (n.startsWith(scratchPrefix) && ours(n, scratchPrefix)) ||
              (n.startsWith("rehearsal_") && ours(n, "rehearsal_")),
          )
          .map((n) => `database ${n}`);
        const uploads = (await s3.incompleteUploads(stackFolder)).map((u) => `incomplete upload ${u.key}`);
        const stored = await s3.list(stackFolder);
        const keys = new Set(stored.map((o) => o.key));
        const unverified = stored
          .filter((o) => o.key.endsWith(".dump") && !keys.has(`${o.key}.manifest.json`))
          .map((o) => `unverified dump ${o.key}`);
        const processes = [...pids].filter(alive).map((p) => `process ${p}`);
        return [...databases, ...uploads, ...unverified, ...(await sessionsOf(pids)), ...processes];
      }

      async function cancelLock(): Promise<void> {
        // A killed update leaves the stack locked; the README's recovery is `pulumi cancel`.
        await start(
          pulumi(),
          ["cancel", "--yes", "--stack", stackName, "--non-interactive"],
          { ...process.env, ...env },
          workDir,
        ).done;
      }

      for (const signal of signals) {
        it(`${signal}: ${signal === "SIGKILL" ? "what it left is removed by the next up, which says so" : "nothing is left behind"}`, async () => {
          figures.add("faultsInjected");
          const held = await hold();
          let released = false;
          const release = async () => {
            if (!released) await held.release();
            released = true;
          };
          try {
            const cli = start(
              pulumi(),
              ["up", "--yes", "--skip-preview", "--stack", stackName, "--non-interactive"],
              { ...process.env, ...env, ...held.extraEnv },
              workDir,
            );
            let finished: Finished | undefined;
            void cli.done.then((f) => (finished = f));
            const cliPid = cli.child.pid!;
            await waitFor(
              `the update to reach ${stage}`,
              async () => {
                if (finished) throw new Error(`pulumi up ended before the ${stage} stage:\n${cli.output()}`);
                return reached(cliPid);
              },
              300_000,
              100,
            );
            const run = new Set(processTree(cliPid));

            if (signal !== "SIGKILL") {
              cli.kill(signal);
              await waitFor(
                "the CLI to start cancelling",
                () => /received; cancelling/.test(cli.output()),
                60_000,
              );
              cli.kill(signal);
              const ended = await cli.done;
              assert.notStrictEqual(ended.code, 0, cli.output());
              // The plugins clean up as they stop (at most a few seconds after the CLI): nothing of
              // the run may remain, while the hold still stands (so nothing could finish late).
              await waitFor(
                "the run's leftovers to be gone",
                async () => (await leftovers(run)).length === 0,
                60_000,
              ).catch(async (e: Error) => {
                throw new Error(`${e.message}: ${(await leftovers(run)).join("; ")}\n${cli.output()}`);
              });
              await release();
              assert.deepStrictEqual(
                await leftovers(run),
                [],
                "something of the run appeared after the hold ended",
              );
              assert.strictEqual(
                (await columnTypes(db.url, "accounts")).note,
                undefined,
                "the change was applied",
              );
              await cancelLock();
            } else {
              for (const pid of run) {
                try {
                  process.kill(pid, "SIGKILL");
                } catch {
                  // already gone
                }
              }
              await cli.done;
              await waitFor(
                "every process of the run to be gone",
                () => [...run].every((p) => !alive(p)),
                30_000,
              );
              const left = await leftovers(run);
              assert.ok(left.length > 0, `a SIGKILL at ${stage} left nothing to remove?`);
              await cancelLock();
              // The next up, while the hold still stands (so what the dead run left cannot end by
              // itself): it removes the leftovers first, then is held in turn, then released.
              const next = start(
                pulumi(),
                ["up", "--yes", "--skip-preview", "--stack", stackName, "--non-interactive"],
                { ...process.env, ...env },
                workDir,
              );
              await waitFor(
                "the next up to remove what the killed run left",
                async () => (await leftovers(run)).length === 0,
                300_000,
              ).catch(async (e: Error) => {
                throw new Error(`${e.message}: ${(await leftovers(run)).join("; ")}\n${next.output()}`);
              });
              await release();
              const recovered = await next.done;
              assert.strictEqual(recovered.code, 0, next.output());
              // It also says so. Sessions and branches of dead runs are swept by any schemastack run
              // on the server (in CI, suites in the other worker; here, a fuzz run), so which run
              // removed those is not deterministic; this stack's bucket folder only its own backup
              // sweeps, so there the message is required.
              const said =
                next
                  .output()
                  .match(
                    /(ended session|removed branch|removed scratch database|aborted the incomplete upload|removed the unverified dump) .*/g,
                  ) ?? [];
              const ours = said.filter((l) => [...run].some((p) => l.includes(`process ${p} started`)));
              for (const line of ours)
                assert.match(line, /left by process \d+ started .* which is no longer running/);
              if (stage === "backup")
                assert.ok(
                  ours.some((l) => l.startsWith("aborted the incomplete upload ")),
                  next.output(),
                );
              assert.strictEqual((await columnTypes(db.url, "accounts")).note, "text");
              assert.deepStrictEqual(await leftovers(run), []);
            }
            assert.strictEqual((await query(db.url, "select id from accounts")).length, 100);
          } finally {
            await release();
          }
          figures.add("faultsSurvived");
        });
      }
    });
  }
});
