// A run killed with SIGKILL while its rehearsal branch exists (what a SIGKILLed `pulumi up` leaves
// mid-rehearsal): a real process creates a branch named the way the rehearsal provider names it,
// is killed, and the next rehearsal's sweep (core/lifecycle/dead-run-branches.ts, called before
// every rehearsal) deletes that branch with the real local driver and says so; a live run's branch
// is left alone. The wait is on the child's own "created" line, not a sleep.
import * as assert from "assert";
import * as path from "path";
import { LocalBranchDriver } from "../../../core/branch";
import { deleteDeadRunBranches } from "../../../core/lifecycle/dead-run-branches";
import { formatOwner } from "../../../core/lifecycle/run-owner";
import { createTestDatabase, TestDatabase, testEnv } from "../../support/env";
import { query } from "../../support/sql";
import { FigureCounter } from "../../support/adversarial/figures";
import { start, waitFor } from "../../support/adversarial/processes";

const figures = new FigureCounter("kills-branch");
const root = path.join(__dirname, "../../..");

describe("adversarial: a run SIGKILLed with its rehearsal branch alive", function () {
  this.timeout(300_000);
  let parent: TestDatabase;
  let adminUrl: string;

  before(async () => {
    parent = await createTestDatabase("adv_kill_branch");
    adminUrl = (await testEnv()).adminUrl;
    await query(parent.url, "create table accounts (id bigint primary key)");
  });
  after(async () => {
    await parent?.drop();
    figures.report();
  });

  const branchNames = async () =>
    (
      await query<{ name: string }>(
        adminUrl,
        "select datname as name from pg_database where datname like $1",
        [`rehearsal\\_%`],
      )
    ).map((r) => r.name);

  it("the next rehearsal deletes the dead run's branch and keeps a live one's", async () => {
    figures.add("faultsInjected");
    // Configured as the rehearsal provider's default is (no admin URL): the sweep must find the
    // branches on the parent's server all the same.
    const driver = new LocalBranchDriver({ method: "template" });
    const script = `
      const { LocalBranchDriver } = require("./core/branch");
      const { formatOwner } = require("./core/lifecycle/run-owner");
      const driver = new LocalBranchDriver({ method: "template", adminUrl: ${JSON.stringify(adminUrl)} });
      driver.createBranch(${JSON.stringify(parent.url)}, { name: "rehearsal_" + formatOwner() + "_feedbeef" })
        .then((b) => { process.stdout.write("created " + b.name + "\\n"); setInterval(() => {}, 1000); });`;
    const run = start(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", script],
      process.env,
      root,
    );
    await waitFor(`the branch (${run.output()})`, () => /created rehearsal_\S+/.test(run.output()), 120_000);
    const deadBranch = /created (rehearsal_\S+)/.exec(run.output())![1];
    run.kill("SIGKILL");
    await run.done;
    // A live run's branch (this process's) must survive the sweep.
    const live = await driver.createBranch(parent.url, { name: `rehearsal_${formatOwner()}_cafe` });
    try {
      assert.ok((await branchNames()).includes(deadBranch), "the killed run's branch should still be there");
      const notices = await deleteDeadRunBranches(driver, parent.url, "rehearsal_");
      const names = await branchNames();
      assert.ok(!names.includes(deadBranch), `${deadBranch} was not deleted: ${names.join(", ")}`);
      assert.ok(names.includes(live.name), "a live run's branch was deleted");
      assert.ok(
        notices.some((n) => n.includes(deadBranch) && /no longer running/.test(n)),
        notices.join("\n"),
      );
    } finally {
      await driver.deleteBranch(live);
    }
    figures.add("faultsSurvived");
  });
});
