// Which copy of the parent a rehearsal gets: the fastest faithful one the parent allows, with the
// reason in words (printed with the rehearsal, so nobody has to guess what was rehearsed against).
// Pure: the caller gathers the facts (sessions on the parent, configured driver, settings).
//   neon        the parent is on Neon and the Neon driver is configured: copy-on-write, instant.
//   template    the parent is idle: CREATE DATABASE ... TEMPLATE, a file copy (fastest locally).
//   dump        otherwise: pg_dump from one snapshot into a scratch database, blocking no writer.
//   basebackup  only on request: it copies the whole cluster over a replication connection.

/** What stack config may ask for (`schemastack:rehearsalMethod`). */
export type RehearsalMethod = "auto" | "template" | "dump" | "basebackup" | "neon";
export const rehearsalMethods: readonly RehearsalMethod[] = [
  "auto",
  "template",
  "dump",
  "basebackup",
  "neon",
];

/** A method actually used. */
export type CopyMethod = Exclude<RehearsalMethod, "auto">;

export interface ParentFacts {
  requested: RehearsalMethod;
  /** The Neon driver (API key, project) is configured. */
  neonConfigured: boolean;
  /** The parent URL's host (to notice a Neon parent the Neon driver is not configured for). */
  parentHost: string;
  /** Other sessions on the parent database right now. */
  otherSessions: number;
  /** A rehearsal server other than the parent's own was given. */
  otherRehearsalServer: boolean;
  /** A per-table row limit was asked for. */
  rowLimit?: number;
}

export interface MethodChoice {
  method: CopyMethod;
  reason: string;
}

export function isNeonHost(host: string): boolean {
  return /(^|\.)neon\.(tech|build)$/i.test(host);
}

export function chooseBranchMethod(facts: ParentFacts): MethodChoice {
  if (facts.requested !== "auto") {
    return {
      method: facts.requested,
      reason: `method ${facts.requested} set by schemastack:rehearsalMethod`,
    };
  }
  if (facts.neonConfigured) {
    return {
      method: "neon",
      reason: "the parent is on Neon: a copy-on-write branch, instant and no load on it",
    };
  }
  const neonHint = isNeonHost(facts.parentHost)
    ? " (the parent is on Neon: configure the neon driver with an API key and project for an instant branch)"
    : "";
  if (facts.rowLimit !== undefined) {
    return {
      method: "dump",
      reason: `a row limit of ${facts.rowLimit} per table was set: only a pg_dump copy can take a sample${neonHint}`,
    };
  }
  if (facts.otherRehearsalServer) {
    return {
      method: "dump",
      reason: `a rehearsal server was set (schemastack:rehearsalServer): pg_dump copies the parent there without blocking its writers${neonHint}`,
    };
  }
  if (facts.otherSessions === 0 && !neonHint) {
    return {
      method: "template",
      reason: "the parent is idle: CREATE DATABASE ... TEMPLATE, a file copy, is the fastest faithful copy",
    };
  }
  return {
    method: "dump",
    reason:
      facts.otherSessions > 0
        ? `the parent has ${facts.otherSessions} other session(s) (a live database), which a template copy would need closed: ` +
          `pg_dump copies it from one snapshot without blocking its writers${neonHint}`
        : `pg_dump copies the parent from one snapshot without blocking its writers${neonHint}`,
  };
}
