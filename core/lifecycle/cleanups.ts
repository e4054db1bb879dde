// What a run must undo if it is stopped midway (scratch databases, rehearsal branches, temporary
// files). Library code registers an undo step while the thing exists and unregisters it once it has
// removed the thing itself; a shell (the CLI's signal handler) runs whatever is still registered
// when the process is told to stop. Core never exits the process: it only offers this list.

export interface Cleanup {
  /** What is removed, for the message a shell prints (e.g. `scratch database schemastack_scratch_...`). */
  description: string;
  run: () => Promise<void>;
}

const pending = new Set<Cleanup>();

/** Registers `run` until the returned function is called. */
export function registerCleanup(description: string, run: () => Promise<void>): () => void {
  const cleanup: Cleanup = { description, run };
  pending.add(cleanup);
  return () => void pending.delete(cleanup);
}

export function pendingCleanups(): Cleanup[] {
  return [...pending];
}

export interface CleanupOutcome {
  description: string;
  error?: Error;
}

/** Runs every registered cleanup at once (newest first), each at most once; never throws. */
export async function runPendingCleanups(): Promise<CleanupOutcome[]> {
  const cleanups = [...pending].reverse();
  pending.clear();
  return Promise.all(
    cleanups.map(async (c) => {
      try {
        await c.run();
        return { description: c.description };
      } catch (error) {
        return { description: c.description, error: error as Error };
      }
    }),
  );
}
