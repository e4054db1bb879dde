import { randomBytes } from "crypto";
import { formatOwner, parseOwner, RunOwner } from "../lifecycle/run-owner";
import { BackupError } from "./errors";

export const dumpSuffix = ".dump";

/**
 * The one default key prefix in a bucket, for the program, the providers and the CLI alike (they
 * disagreed: the CLI looked at the bucket root, the program wrote under schemastack/). A bucket is
 * often shared, hence a prefix; a folder given for backups is schemastack's own, so it has none.
 */
export const defaultS3Prefix = "schemastack/";
export const manifestSuffix = ".manifest.json";

/** "" or "a/b/": no leading slash, one trailing slash. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed ? `${trimmed}/` : "";
}

/**
 * A stack name as one key segment. Pulumi stack names may be `org/project/stack`; anything outside
 * [A-Za-z0-9._-] is percent-encoded, so distinct stacks never share a folder.
 */
export function stackSegment(stack: string): string {
  if (!stack) throw new BackupError("invalid-options", "stack name is empty");
  return stack.replace(/[^A-Za-z0-9._-]/g, (c) =>
    encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}

export function stackPrefix(prefix: string, stack: string): string {
  return `${normalizePrefix(prefix)}${stackSegment(stack)}/`;
}

/**
 * `<prefix><stack>/<UTC time>-<fingerprint head>-<run owner>-<random>.dump`: sorts by time within a
 * stack, and names the run that writes it (core/lifecycle/run-owner.ts) so a later run can tell an
 * incomplete upload or unverified dump of a killed run from one a live run is still writing.
 */
export function newDumpKey(prefix: string, stack: string, at: Date, fingerprint: string | null): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  const fp = fingerprint
    ? fingerprint
        .replace(/^[a-z0-9]+:/i, "")
        .replace(/[^A-Za-z0-9]/g, "")
        .slice(0, 12) || "nofp"
    : "nofp";
  return `${stackPrefix(prefix, stack)}${stamp}-${fp}-${formatOwner()}-${randomBytes(4).toString("hex")}${dumpSuffix}`;
}

const ownedDumpName = /-([0-9a-f]{6}_\d+_[0-9a-z]+)-[0-9a-f]{8}\.dump$/;

/** The run that wrote a dump key (keys written before owners were recorded have none). */
export function dumpKeyOwner(key: string): RunOwner | undefined {
  const m = ownedDumpName.exec(key.slice(key.lastIndexOf("/") + 1));
  return m ? parseOwner(m[1]) : undefined;
}

export function manifestKeyFor(dumpKey: string): string {
  return `${dumpKey}${manifestSuffix}`;
}

/** Accepts the dump's key or its manifest's key and returns the dump's. */
export function dumpKeyOf(key: string): string {
  return key.endsWith(manifestSuffix) ? key.slice(0, -manifestSuffix.length) : key;
}
