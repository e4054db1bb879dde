// The shared branch suite against the local driver, both methods, plus what only the local driver does.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { LocalBranchDriver, LocalBranchMethod } from "../../../core/branch";
import { localClusterRunner } from "../../../localenv/branch-clusters";
import { stateRoot } from "../../../localenv/paths";
import { createTestDatabase, testEnv } from "../../support/env";
import { DriverFixture, branchDriverSuite, seedParent, withClient } from "./suite";

function clustersDir(): string {
  // Not a mkdtemp folder: the `postgres` user must be able to traverse to the branch clusters.
  return path.join(stateRoot(), "tmp", `branch-clusters-${process.pid}`);
}

async function localFixture(method: LocalBranchMethod): Promise<DriverFixture> {
  const env = await testEnv();
  const parent = await createTestDatabase(`branch_${method}`);
  await seedParent(parent.url);
  const dir = clustersDir();
  const driver = new LocalBranchDriver({
    method,
    adminUrl: env.adminUrl,
    clustersDir: dir,
    clusters: localClusterRunner,
  });
  return {
    driver,
    parent: parent.url,
    parentUrl: parent.url,
    leftovers: async (handle) => {
      const name = handle.id.replace(/^[a-z]+\//, "");
      const left: string[] = [];
      await withClient(env.adminUrl, async (c) => {
        const found = await c.query("select 1 from pg_database where datname = $1", [name]);
        if ((found.rowCount ?? 0) > 0) left.push(`database ${name}`);
      });
      if (fs.existsSync(path.join(dir, name))) left.push(`folder ${path.join(dir, name)}`);
      return left;
    },
    teardown: async () => {
      await parent.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

branchDriverSuite("local (template)", () => localFixture("template"));
branchDriverSuite("local (basebackup)", () => localFixture("basebackup"));
branchDriverSuite("local (dump)", () => localFixture("dump"));

describe("local branch driver", function () {
  this.timeout(120_000);

  it("refuses a point in time, saying it cannot", async () => {
    const driver = new LocalBranchDriver();
    await assert.rejects(
      driver.createBranch("postgres://postgres@127.0.0.1:1/x", { name: "pit", pointInTime: new Date() }),
      /local branch driver cannot branch from a point in time/,
    );
  });

  it("fails naming the sessions on a busy parent, and ends them only when allowed", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("branch_busy");
    const holder = new Client({ connectionString: parent.url, application_name: "busy-holder" });
    await holder.connect();
    holder.on("error", () => undefined); // it gets terminated below
    const pid = (await holder.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
    const name = `busy_${process.pid}_${Date.now().toString(36)}`;
    try {
      const polite = new LocalBranchDriver({ method: "template", adminUrl: env.adminUrl });
      await assert.rejects(polite.createBranch(parent.url, { name }), (error: Error) => {
        assert.match(error.message, new RegExp(`pid ${pid} \\(user postgres, application "busy-holder"`));
        assert.match(error.message, /terminateParentConnections/);
        return true;
      });
      const firm = new LocalBranchDriver({ adminUrl: env.adminUrl, terminateParentConnections: true });
      const handle = await firm.createBranch(parent.url, { name });
      await assert.rejects(holder.query("select 1"));
      // The parent takes connections again afterwards.
      await withClient(parent.url, (c) => c.query("select 1"));
      await firm.deleteBranch(handle);
    } finally {
      await holder.end().catch(() => undefined);
      await parent.drop();
    }
  });

  it("keeps the branch as it was when a reset finds the parent busy", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("branch_busyreset");
    await withClient(parent.url, (c) => c.query("create table t (x int); insert into t values (1)"));
    const driver = new LocalBranchDriver({ adminUrl: env.adminUrl });
    const handle = await driver.createBranch(parent.url, {
      name: `busyreset_${process.pid}_${Date.now().toString(36)}`,
    });
    try {
      await withClient(handle.connectionUrl, (c) => c.query("insert into t values (2)"));
      const holder = new Client({ connectionString: parent.url });
      await holder.connect();
      try {
        await assert.rejects(driver.resetBranch(handle), /other session\(s\) are connected/);
      } finally {
        await holder.end();
      }
      const rows = await withClient(handle.connectionUrl, (c) => c.query("select x from t order by x"));
      assert.deepStrictEqual(
        rows.rows.map((r: { x: number }) => r.x),
        [1, 2],
      );
    } finally {
      await driver.deleteBranch(handle);
      await parent.drop();
    }
  });

  it("refuses to delete a database that is not a branch", async () => {
    const env = await testEnv();
    const victim = await createTestDatabase("branch_victim");
    try {
      const driver = new LocalBranchDriver({ adminUrl: env.adminUrl });
      const forged = {
        driver: "local",
        id: `template/${victim.name}`,
        name: victim.name,
        connectionUrl: victim.url,
        parent: victim.url,
      };
      await assert.rejects(driver.deleteBranch(forged), /not a schemastack branch/);
    } finally {
      await victim.drop();
    }
  });

  it("stops the clone's server when deleting a basebackup branch", async () => {
    const env = await testEnv();
    const parent = await createTestDatabase("branch_bbpid");
    const dir = clustersDir();
    try {
      const driver = new LocalBranchDriver({
        method: "basebackup",
        adminUrl: env.adminUrl,
        clustersDir: dir,
        clusters: localClusterRunner,
      });
      const handle = await driver.createBranch(parent.url, { name: `pid_${process.pid}` });
      const pidFile = path.join(dir, handle.name, "data", "postmaster.pid");
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      assert.ok(running(pid), "the clone runs");
      assert.notStrictEqual(new URL(handle.connectionUrl).port, new URL(parent.url).port);
      await driver.deleteBranch(handle);
      assert.ok(!running(pid), "the clone's postmaster is gone");
      assert.ok(!fs.existsSync(path.join(dir, handle.name)));
    } finally {
      await parent.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A live, non-zombie process (the container's init may reap exited postmasters late). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
