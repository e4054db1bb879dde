// Names of things a run creates and may leave behind (scratch databases, temporary files) carry the
// run's owner: a short tag of the host, the process id and the process's start time. A later run
// can then tell a dead run's leftovers (same host, and that pid is gone or is a newer process) from
// a live run's, without a registry that a SIGKILL could leave stale.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";

export interface RunOwner {
  /** 6 hex characters of sha256(hostname). */
  host: string;
  pid: number;
  /** Process start, whole seconds since the epoch. */
  startedAt: number;
}

export function hostTag(hostname = os.hostname()): string {
  return createHash("sha256").update(hostname).digest("hex").slice(0, 6);
}

function processStartSeconds(pid: number): number | undefined {
  // Linux: /proc/<pid>/stat field 22 is the start time in clock ticks after boot (USER_HZ = 100
  // on every Linux ABI in use), /proc/stat's btime the boot time in seconds.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const boot = Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return undefined;
    return Math.floor(boot + ticks / 100);
  } catch {
    return undefined;
  }
}

let self: RunOwner | undefined;

/** This process. */
export function currentOwner(): RunOwner {
  self ??= {
    host: hostTag(),
    pid: process.pid,
    startedAt: processStartSeconds(process.pid) ?? Math.floor(Date.now() / 1000 - process.uptime()),
  };
  return self;
}

/** `<host>_<pid>_<start, base 36>`: 6 + 1 + up to 7 + 1 + 6 characters, safe in identifiers and file names. */
export function formatOwner(owner: RunOwner = currentOwner()): string {
  return `${owner.host}_${owner.pid}_${owner.startedAt.toString(36)}`;
}

const ownerPattern = /^([0-9a-f]{6})_(\d+)_([0-9a-z]+)/;

/** The owner at the start of `text` (a name with its prefix removed), if it has one. */
export function parseOwner(name: string): RunOwner | undefined {
  const m = ownerPattern.exec(name);
  if (!m) return undefined;
  return { host: m[1], pid: Number(m[2]), startedAt: parseInt(m[3], 36) };
}

/**
 * "dead": on this host, and the pid is gone or belongs to a process started at another time (pid
 * reuse). "alive": this host's process with that start. "unknown": another host (its processes
 * cannot be seen from here).
 */
export function ownerState(owner: RunOwner): "alive" | "dead" | "unknown" {
  if (owner.host !== hostTag()) return "unknown";
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return "dead";
  }
  const started = processStartSeconds(owner.pid);
  if (started === undefined) return "alive";
  // The two readings of one start time can round apart by a second.
  return Math.abs(started - owner.startedAt) <= 2 ? "alive" : "dead";
}

export function describeOwner(owner: RunOwner): string {
  const when = new Date(owner.startedAt * 1000).toISOString();
  return `process ${owner.pid} started ${when}${owner.host === hostTag() ? " on this host" : ` on host ${owner.host}`}`;
}
