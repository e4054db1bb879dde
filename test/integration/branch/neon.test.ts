// The shared branch suite against the neon driver, talking HTTP to the Neon stand-in (which is backed
// by the local driver on the test cluster), plus retries, bad keys and failed operations.
import * as assert from "assert";
import { Client } from "pg";
import { NeonBranchDriver, NeonDriverOptions } from "../../../core/branch";
import { createTestDatabase, testEnv, TestDatabase } from "../../support/env";
import { NeonStandIn } from "../../support/neon-standin/server";
import { DriverFixture, branchDriverSuite, seedParent, withClient } from "./suite";

const apiKey = "standin-secret-key-3f9a";

interface StandInSetup {
  standIn: NeonStandIn;
  parent: TestDatabase;
  options: NeonDriverOptions;
}

async function startStandIn(prefix: string): Promise<StandInSetup> {
  const env = await testEnv();
  const parent = await createTestDatabase(prefix);
  await seedParent(parent.url);
  const standIn = new NeonStandIn({ apiKey, parentUrl: parent.url, local: { adminUrl: env.adminUrl } });
  const baseUrl = await standIn.start();
  const options: NeonDriverOptions = {
    apiKey,
    baseUrl,
    projectId: standIn.project.projectId,
    databaseName: standIn.project.databaseName,
    roleName: standIn.project.roleName,
    pollIntervalMs: 25,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  };
  return { standIn, parent, options };
}

async function stopStandIn(setup: StandInSetup): Promise<void> {
  await setup.standIn.stop();
  await setup.parent.drop();
}

/** Neon's published contract held for everything the driver sent and the stand-in answered. */
function assertContractKept(standIn: NeonStandIn): void {
  assert.deepStrictEqual(
    standIn.contractViolations,
    [],
    "requests and answers conform to Neon's OpenAPI document",
  );
  assert.ok(standIn.requests.length > 0);
}

branchDriverSuite("neon (HTTP to the stand-in)", async (): Promise<DriverFixture> => {
  const env = await testEnv();
  const setup = await startStandIn("branch_neon");
  return {
    driver: new NeonBranchDriver(setup.options),
    parent: setup.standIn.project.rootBranchId,
    parentUrl: setup.parent.url,
    leftovers: async (handle) => {
      const left: string[] = [];
      if (setup.standIn.project.localHandle(handle.id)) left.push(`stand-in branch ${handle.id}`);
      // The stand-in names each branch's local database after the branch id.
      await withClient(env.adminUrl, async (c) => {
        const found = await c.query("select 1 from pg_database where datname = $1", [handle.id]);
        if ((found.rowCount ?? 0) > 0) left.push(`database ${handle.id}`);
      });
      return left;
    },
    teardown: async () => {
      await stopStandIn(setup);
      assertContractKept(setup.standIn);
    },
  };
});

describe("neon branch driver against the stand-in", function () {
  this.timeout(120_000);
  let setup: StandInSetup;

  before(async () => {
    setup = await startStandIn("branch_neon_x");
  });
  afterEach(() => {
    setup.standIn.clearFaults();
    assertContractKept(setup.standIn);
  });
  after(() => stopStandIn(setup));

  function requestsTo(method: string, path: RegExp) {
    return setup.standIn.requests
      .filter((r) => r.method === method && path.test(r.path))
      .map((r) => r.status);
  }

  it("notices traffic that breaks Neon's contract (so an empty list means something)", async () => {
    const base = setup.standIn.baseUrl;
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const project = setup.standIn.project.projectId;
    await fetch(`${base}/projects/${project}/branches?colour=blue`, { headers });
    await fetch(`${base}/projects/${project}/branches`, {
      method: "POST",
      headers,
      body: JSON.stringify({ endpoints: [{ type: "read-write" }] }),
    });
    const seen = setup.standIn.contractViolations.splice(0);
    assert.ok(
      seen.some((v) => /listProjectBranches request: unknown query parameter colour/.test(v)),
      seen.join("\n"),
    );
    assert.ok(
      seen.some((v) =>
        /createProjectBranch request body\.endpoints\[0\]\.type: "read-write" is not one of/.test(v),
      ),
      seen.join("\n"),
    );
  });

  it("retries 423, 429 and 503 with backoff and then succeeds", async () => {
    const driver = new NeonBranchDriver(setup.options);
    const create = /^\/projects\/[^/]+\/branches$/;
    setup.standIn.injectFault({ status: 423, count: 1, method: "POST", path: create });
    setup.standIn.injectFault({ status: 429, count: 1, method: "POST", path: create, retryAfterSeconds: 0 });
    setup.standIn.injectFault({ status: 503, count: 1, method: "POST", path: create });
    const before = requestsTo("POST", create).length;
    const handle = await driver.createBranch(setup.standIn.project.rootBranchId, { name: "retried" });
    assert.deepStrictEqual(requestsTo("POST", create).slice(before), [423, 429, 503, 201]);
    // Polling happened: at least one operation was read while still running, then finished.
    assert.ok(requestsTo("GET", /\/operations\//).length >= 2);
    await driver.deleteBranch(handle);
  });

  it("gives up after the configured number of attempts", async () => {
    const driver = new NeonBranchDriver({
      ...setup.options,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const list = /^\/projects\/[^/]+\/branches$/;
    setup.standIn.injectFault({ status: 503, count: 100, method: "GET", path: list });
    const before = requestsTo("GET", list).length;
    await assert.rejects(driver.listBranches(), /failed with 503.*gave up after 4 attempts/);
    assert.deepStrictEqual(requestsTo("GET", list).slice(before), [503, 503, 503, 503]);
  });

  it("does not retry other errors", async () => {
    const driver = new NeonBranchDriver(setup.options);
    const before = setup.standIn.requests.length;
    await assert.rejects(
      driver.createBranch("br-does-not-exist", { name: "orphan" }),
      /failed with 404: branch br-does-not-exist not found/,
    );
    assert.strictEqual(setup.standIn.requests.length - before, 1);
  });

  it("fails on a bad API key with a clear message that does not contain the key", async () => {
    const badKey = "wrong-key-5d2c7e19";
    const driver = new NeonBranchDriver({ ...setup.options, apiKey: badKey });
    const error = await driver.listBranches().then(
      () => assert.fail("a bad key must fail"),
      (e: Error) => e,
    );
    assert.match(error.message, /failed with 401.*API key was rejected/);
    for (const text of [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      JSON.stringify(Object.entries(error)),
    ]) {
      assert.ok(!text.includes(badKey), "the key does not appear");
      assert.ok(!text.includes(apiKey), "nor does the right one");
    }
  });

  it("fails when an operation fails, and leaves no branch behind", async () => {
    const driver = new NeonBranchDriver(setup.options);
    // A session on the parent makes the stand-in's local template copy fail inside the operation.
    const holder = new Client({ connectionString: setup.parent.url, application_name: "neon-holder" });
    await holder.connect();
    const before = new Set((await driver.listBranches()).map((b) => b.id));
    try {
      await assert.rejects(
        driver.createBranch(setup.standIn.project.rootBranchId, { name: "doomed" }),
        /Neon operation create_branch .* ended failed: cannot branch database .*neon-holder/,
      );
    } finally {
      await holder.end();
    }
    const after = (await driver.listBranches()).filter((b) => !before.has(b.id));
    assert.deepStrictEqual(after, []);
  });

  it("passes a point in time on to Neon (the stand-in refuses it clearly)", async () => {
    const driver = new NeonBranchDriver(setup.options);
    await assert.rejects(
      driver.createBranch(setup.standIn.project.rootBranchId, {
        name: "pit",
        pointInTime: new Date(Date.now() - 60_000),
      }),
      /failed with 400: the Neon stand-in cannot branch from a point in time/,
    );
  });
});
