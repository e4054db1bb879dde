// Telling a dead run's leftovers from a live run's: the owner in a name (host tag, pid, process
// start) and what it says about that run, and the branch sweep built on it (fake driver, no server).
import * as assert from "assert";
import { spawnSync } from "child_process";
import type { BranchDriver, BranchHandle, BranchInfo } from "../../../core/branch/types";
import { deleteDeadRunBranches } from "../../../core/lifecycle/dead-run-branches";
import {
  currentOwner,
  formatOwner,
  hostTag,
  ownerState,
  parseOwner,
} from "../../../core/lifecycle/run-owner";

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

describe("run owners: a dead run's leftovers vs a live run's", () => {
  it("round-trips through a name and reads this process as alive", () => {
    const text = `${formatOwner()}_abc123`;
    assert.deepStrictEqual(parseOwner(text), currentOwner());
    assert.strictEqual(ownerState(currentOwner()), "alive");
    assert.strictEqual(parseOwner(`x${text}`), undefined, "the owner must start the text");
  });

  it("a pid that exited is dead; a live pid with another start time (pid reuse) is dead", () => {
    assert.strictEqual(ownerState({ ...currentOwner(), pid: deadPid() }), "dead");
    assert.strictEqual(ownerState({ ...currentOwner(), startedAt: currentOwner().startedAt - 3600 }), "dead");
  });

  it("another host's run is unknown: never swept as dead", () => {
    const other = hostTag("some-other-host") === hostTag() ? "000000" : hostTag("some-other-host");
    assert.strictEqual(ownerState({ ...currentOwner(), host: other, pid: deadPid() }), "unknown");
  });

  it("deletes only the dead runs' branches with the prefix, and says so", async () => {
    const dead = formatOwner({ ...currentOwner(), pid: deadPid() });
    const infos: BranchInfo[] = [
      { driver: "fake", id: "1", name: `rehearsal_${dead}_f00d` },
      { driver: "fake", id: "2", name: `rehearsal_${formatOwner()}_f00d` },
      { driver: "fake", id: "3", name: `mine_${dead}` },
      { driver: "fake", id: "4", name: "rehearsal_old_style_name" },
    ];
    const deleted: BranchHandle[] = [];
    const driver: BranchDriver = {
      kind: "fake",
      createBranch: () => Promise.reject(new Error("unused")),
      resetBranch: () => Promise.reject(new Error("unused")),
      listBranches: () => Promise.resolve(infos),
      deleteBranch: (h) => Promise.resolve(void deleted.push(h)),
    };
    const notices = await deleteDeadRunBranches(driver, "postgres://parent", "rehearsal_");
    assert.deepStrictEqual(
      deleted.map((h) => [h.id, h.parent]),
      [["1", "postgres://parent"]],
    );
    assert.strictEqual(notices.length, 1);
    assert.match(notices[0], /removed branch rehearsal_.* left by process \d+ .* no longer running/);
  });
});
