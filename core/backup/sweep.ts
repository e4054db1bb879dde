// What killed runs left in a backup target: incomplete multipart uploads (a run SIGKILLed while
// pg_dump streamed; the bucket keeps and bills their parts until they are aborted) and dumps that
// were stored but never verified (killed during the read-back, so no manifest was written). Dump
// keys name the run that writes them (keys.ts), so only a dead run's leftovers are removed; a live
// run's upload, on this host or another, is never touched.
import { describeOwner, ownerState } from "../lifecycle/run-owner";
import { dumpKeyOwner, dumpSuffix, manifestKeyFor, stackPrefix } from "./keys";
import type { BackupTarget } from "./target";

/** Aborts and removes what dead runs left under `stack`'s prefix; returns a sentence for each. */
export async function sweepDeadRunBackups(target: BackupTarget, stack: string): Promise<string[]> {
  const prefix = stackPrefix(target.prefix, stack);
  const notices: string[] = [];
  const deadOwner = (key: string) => {
    const owner = dumpKeyOwner(key);
    return owner && ownerState(owner) === "dead" ? owner : undefined;
  };
  if (target.incompleteUploads && target.abortUpload) {
    for (const upload of await target.incompleteUploads(prefix)) {
      const owner = deadOwner(upload.key);
      if (!owner) continue;
      await target.abortUpload(upload).then(
        () =>
          notices.push(
            `aborted the incomplete upload ${target.uriOf(upload.key)} left by ${describeOwner(owner)}, which is no longer running`,
          ),
        () => undefined, // another run aborted it first
      );
    }
  }
  const objects = await target.list(prefix);
  const keys = new Set(objects.map((o) => o.key));
  for (const object of objects) {
    if (!object.key.endsWith(dumpSuffix) || keys.has(manifestKeyFor(object.key))) continue;
    const owner = deadOwner(object.key);
    if (!owner) continue;
    await target.delete(object.key).then(
      () =>
        notices.push(
          `removed the unverified dump ${target.uriOf(object.key)} left by ${describeOwner(owner)}, which is no longer running`,
        ),
      () => undefined,
    );
  }
  return notices;
}
