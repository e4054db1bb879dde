// Backfill progress for people: one line per report, throttled, shared by the CLI (rewritten in
// place on a TTY) and the Pulumi providers (lines in the update's log).
import type { BackfillProgress } from "./backfill";
import type { StepEvent } from "./execute-plan";

export function describeBackfillProgress(e: BackfillProgress): string {
  const b = e.step.backfill;
  const column = b ? `${b.schema}.${b.table}.${b.column}` : e.step.objectKey;
  const share =
    e.estimatedRows > 0 && b
      ? ` (~${Math.min(100, Math.round((100 * e.batches * b.batchSize) / e.estimatedRows))}% of ~${e.estimatedRows} rows)`
      : "";
  switch (e.phase) {
    case "start":
      return `backfill ${column}: starting, batches of ${b?.batchSize ?? "?"} rows${share}`;
    case "resume":
      return `backfill ${column}: resuming after batch ${e.batches} (${e.rowsUpdated} rows filled by an interrupted run)`;
    case "batch":
      return `backfill ${column}: ${e.rowsUpdated} rows filled in ${e.batches} batches${share}`;
    case "catch-up":
      return `backfill ${column}: ${e.rowsUpdated} rows filled in ${e.batches} batches; filling rows written meanwhile`;
    case "done":
      return `backfill ${column}: done, ${e.rowsUpdated} rows filled in ${e.batches} batches`;
  }
}

/** An onEvent handler writing backfill progress: start, resume, catch-up and done always, batches at most every `intervalMs`. */
export function backfillProgressWriter(
  write: (line: string, final: boolean) => void,
  intervalMs = 2000,
): (event: StepEvent) => void {
  let last = 0;
  return (event) => {
    if (event.type !== "backfill") return;
    if (event.phase === "batch" && Date.now() - last < intervalMs) return;
    last = Date.now();
    write(describeBackfillProgress(event), event.phase !== "batch");
  };
}
