// The branch driver contract (DESIGN.md layer 6). Pulumi-free: the Branch dynamic resource and the
// StagingRehearsal component are thin shells over this. Handles are plain JSON so they can be stored
// in Pulumi state; they may carry credentials (connection URLs), so callers store them as secrets.

/** A branch: a writable copy of a parent database, reachable at `connectionUrl`. */
export interface BranchHandle {
  /** Which driver made it (`local` or `neon`); a handle only works with a driver of that kind. */
  driver: string;
  /** Driver-unique id (local: the branch database or cluster name; neon: the `br-...` branch id). */
  id: string;
  /** The name asked for at creation. */
  name: string;
  /** A PostgreSQL URL to the branch's copy of the parent database. May contain a password. */
  connectionUrl: string;
  /** The parent as given to createBranch (local: its URL; neon: its branch id). Reset goes back to it. */
  parent: string;
  /** How the copy was made and why (absent in handles stored before drivers said so). */
  copy?: CopyReport;
}

/** How a branch was copied: shown with a rehearsal so the reader knows what it ran against. */
export interface CopyReport {
  /** template, dump, basebackup or neon. */
  method: string;
  /** Why this method (auto choice) or that it was asked for. */
  reason: string;
  /** When the copy's state of the parent was taken (ISO). */
  takenAt: string;
  /** At most this many rows per table were copied (a weaker rehearsal), else null. */
  rowLimit: number | null;
}

/** One line saying what a rehearsal ran against, e.g. for `pulumi up`'s output. */
export function describeCopy(copy: CopyReport): string {
  const sample =
    copy.rowLimit === null
      ? ""
      : ` WEAKER REHEARSAL: at most ${copy.rowLimit} row(s) per table were copied, so failures that depend on the rows left out cannot show.`;
  return `copy of the parent by ${copy.method}, taken at ${copy.takenAt} (${copy.reason}).${sample}`;
}

/** What listBranches reports: enough to find and delete leftovers, without fetching credentials. */
export interface BranchInfo {
  driver: string;
  id: string;
  name: string;
  /** The parent reference, where the driver knows it. */
  parent?: string;
  /** ISO time of creation, where the driver knows it. */
  createdAt?: string;
}

export interface CreateBranchOptions {
  /** Branch name: a database name (local, at most 63 bytes) or a Neon branch name. */
  name: string;
  /** Branch from the parent as of this time instead of now (drivers that cannot say so by throwing). */
  pointInTime?: Date;
}

export interface BranchDriver {
  readonly kind: string;
  /**
   * Creates a branch of `parent` (local: the parent database's URL; neon: the parent branch id) and
   * returns once it accepts connections.
   */
  createBranch(parent: string, options: CreateBranchOptions): Promise<BranchHandle>;
  /** Deletes the branch and everything it used; deleting an already deleted branch is not an error. */
  deleteBranch(handle: BranchHandle): Promise<void>;
  /**
   * Resets the branch to the parent's current state, discarding its writes. Returns the handle to use
   * from then on (the same one unless the driver had to move the branch, e.g. to a new port).
   */
  resetBranch(handle: BranchHandle): Promise<BranchHandle>;
  /**
   * Branches this driver can see (local: the ones schemastack made; neon: every branch of the
   * project). `parent` (as given to createBranch) lets a local driver configured without an admin
   * URL find the parent's server, as createBranch does.
   */
  listBranches(parent?: string): Promise<BranchInfo[]>;
}

/** A branch operation the driver cannot do, or could not do, with a message meant for the user. */
export class BranchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BranchError";
  }
}
