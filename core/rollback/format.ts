import { formatPlan } from "../plan/format-plan";
import type { RollbackPlan } from "./plan-rollback";

/** What `schemastack rollback` prints before it changes anything. */
export function formatRollbackPlan(plan: RollbackPlan): string {
  const lines: string[] = [`rollback to schema version ${plan.declared.version ?? "(none)"}`, ""];
  lines.push(plan.plan.steps.length ? `DDL: ${formatPlan(plan.plan)}` : "DDL: no changes");
  if (plan.restores.length) {
    lines.push("", "data restored from pre-migration dumps (checked before any change):");
    for (const r of plan.restores) {
      const what =
        r.kind === "table"
          ? `rows of ${r.schema}.${r.table}`
          : r.kind === "column"
            ? `${r.schema}.${r.table}.${r.column} by ${r.key.join(", ")}`
            : `the position of sequence ${r.schema}.${r.sequence}`;
      lines.push(`  - ${what}: ${r.reason}; from ${r.dump?.uri ?? "(no dump)"}`);
    }
    lines.push("  (constraints and indexes on restored data are added after the copy)");
  }
  if (plan.discards.length) {
    lines.push("", "data added after that version is dropped:");
    for (const s of plan.discards) lines.push(`  ! ${s.description}`);
  }
  if (plan.blockers.length) {
    lines.push("", "cannot roll back:");
    for (const b of plan.blockers) lines.push(`  x ${b}`);
  }
  return `${lines.join("\n")}\n`;
}
