// What staging's rehearsal learned about a change's cost on a copy of prod, as one line for prod's
// preview, so whoever approves the prod change sees what it cost on prod's data first:
//   rehearsed by "staging" on a copy of prod (dump, taken at 2026-12-02T13:40:00.000Z): 3 steps, 14.3 s:
//   create index concurrently ... 14.2 s, add column ... 12 ms; longest lock wait 0 ms; writes blocked
//   at most 12 ms (add column ..., ACCESS EXCLUSIVE)
// Pure: the report is staging's published rehearsal output, read through a StackReference.
import type { CopyReport } from "./types";

export interface RehearsedStep {
  description: string;
  durationMs: number;
  /** Time lost waiting for the step's lock (lock timeouts and backoff) on the copy. */
  lockWaitMs: number;
  /** The table lock the step takes (the planner's LockMode), where the report has it. */
  lock?: string | null;
}

export interface RehearsalReport {
  /** The schema fingerprint rehearsed. */
  fingerprint: string;
  rehearsedAt: string | null;
  durationMs: number | null;
  copy: CopyReport | null;
  steps: RehearsedStep[];
}

/** Lock modes that make writers (INSERT/UPDATE/DELETE, ROW EXCLUSIVE) wait. */
const writeBlocking = new Set(["SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]);

/** A report from a stack output (any JSON), or null when it is absent or not one. */
export function readRehearsalReport(value: unknown): RehearsalReport | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.fingerprint !== "string" || !Array.isArray(v.steps)) return null;
  const steps: RehearsedStep[] = [];
  for (const raw of v.steps as unknown[]) {
    if (typeof raw !== "object" || raw === null) return null;
    const s = raw as Record<string, unknown>;
    if (typeof s.description !== "string" || typeof s.durationMs !== "number") return null;
    steps.push({
      description: s.description,
      durationMs: s.durationMs,
      lockWaitMs: typeof s.lockWaitMs === "number" ? s.lockWaitMs : 0,
      lock: typeof s.lock === "string" ? s.lock : null,
    });
  }
  const copy = v.copy as CopyReport | null | undefined;
  return {
    fingerprint: v.fingerprint,
    rehearsedAt: typeof v.rehearsedAt === "string" ? v.rehearsedAt : null,
    durationMs: typeof v.durationMs === "number" ? v.durationMs : null,
    copy:
      copy && typeof copy === "object" && typeof copy.method === "string" && typeof copy.takenAt === "string"
        ? copy
        : null,
    steps,
  };
}

/** 850 ms, 14.2 s, 3 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/**
 * The line printed beside the promotion gate: the cost staging measured for exactly this
 * fingerprint, or why there is none.
 */
export function formatRehearsalCost(
  report: RehearsalReport | null,
  fingerprint: string,
  fromStack: string,
  maxSteps = 5,
): string {
  const short = fingerprint.slice(0, 12);
  if (!report) return `no rehearsal timings published by "${fromStack}" (schema ${short})`;
  if (report.fingerprint !== fingerprint) {
    return `no rehearsal timings for schema ${short}: "${fromStack}" last rehearsed ${report.fingerprint.slice(0, 12)}`;
  }
  const copy = report.copy;
  const where = copy
    ? `on a copy of prod (${copy.method}, taken at ${copy.takenAt})${copy.rowLimit !== null ? ` [a sample: at most ${copy.rowLimit} rows per table]` : ""}`
    : `on a copy of prod${report.rehearsedAt ? ` (rehearsed at ${report.rehearsedAt})` : ""}`;
  const head = `rehearsed by "${fromStack}" ${where}`;
  if (report.steps.length === 0) return `${head}: no schema changes`;
  const total = report.steps.reduce((sum, s) => sum + s.durationMs, 0);
  const longest = [...report.steps].sort((a, b) => b.durationMs - a.durationMs);
  const listed = longest
    .slice(0, maxSteps)
    .map((s) => `${s.description} ${formatDuration(s.durationMs)}`)
    .join(", ");
  const more = longest.length > maxSteps ? ` and ${longest.length - maxSteps} more` : "";
  const waited = [...report.steps].sort((a, b) => b.lockWaitMs - a.lockWaitMs)[0];
  const lockWait = `longest lock wait ${formatDuration(waited.lockWaitMs)}${waited.lockWaitMs > 0 ? ` (${waited.description})` : ""}`;
  const blocking = report.steps
    .filter((s) => s.lock && writeBlocking.has(s.lock))
    .sort((a, b) => b.durationMs - a.durationMs)[0];
  const known = report.steps.some((s) => s.lock);
  const blocked = blocking
    ? `; writes blocked at most ${formatDuration(blocking.durationMs)} (${blocking.description}, ${blocking.lock})`
    : known
      ? "; no step blocks writes"
      : "";
  const steps = `${report.steps.length} step${report.steps.length === 1 ? "" : "s"}, ${formatDuration(total)}`;
  return `${head}: ${steps}: ${listed}${more}; ${lockWait}${blocked}`;
}
