import type { Plan } from "./step";

/** The readable plan `schemastack plan` prints. */
export function formatPlan(plan: Plan): string {
  if (plan.steps.length === 0) return "no changes";
  const lines: string[] = [`${plan.steps.length} step(s):`];
  plan.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.description}  [${s.objectKey}]`);
    lines.push(
      `   lock: ${s.lock}${s.lockTarget ? ` on ${s.lockTarget}` : ""}${s.transactional ? "" : " (outside a transaction)"}`,
    );
    for (const h of s.hazards) lines.push(`   ! ${h.kind}: ${h.message}`);
    lines.push(...s.sql.split("\n").map((l) => `   ${l}`));
  });
  return lines.join("\n");
}
