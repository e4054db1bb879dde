// Branches a killed run left (a rehearsal's copy of the parent, when `pulumi up` was SIGKILLed or
// its provider process ended mid-rehearsal). Their names end with the run's owner
// (core/lifecycle/run-owner.ts), so a later run deletes the ones whose run is dead.
import type { BranchDriver } from "../branch/types";
import { describeOwner, ownerState, parseOwner } from "./run-owner";

/**
 * Deletes the branches named `<prefix><owner>_<anything>` whose owner is dead on this host and
 * returns a sentence for each. `parent` is what createBranch was given (drivers need it to delete).
 */
export async function deleteDeadRunBranches(
  driver: BranchDriver,
  parent: string,
  prefix: string,
): Promise<string[]> {
  const notices: string[] = [];
  for (const info of await driver.listBranches(parent)) {
    if (!info.name.startsWith(prefix)) continue;
    const owner = parseOwner(info.name.slice(prefix.length));
    if (!owner || ownerState(owner) !== "dead") continue;
    await driver
      .deleteBranch({ driver: info.driver, id: info.id, name: info.name, connectionUrl: "", parent })
      .then(
        () =>
          notices.push(
            `removed branch ${info.name} left by ${describeOwner(owner)}, which is no longer running`,
          ),
        () => undefined, // another run deleted it first, or it is not ours to delete
      );
  }
  return notices;
}
