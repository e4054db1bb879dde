// `schemastack up`: `pulumi up` through the Automation API with automatic rollback. When the
// update fails part-way and automatic rollback is on (`--auto-rollback`, or stack config
// `schemastack:autoRollback: true`), the stack goes back to the version before this update with
// the same machinery as `schemastack rollback` (data restored from the failed update's own
// pre-migration dump where its DDL destroyed any). Plain `pulumi up` is untouched.
import type { Stack } from "@pulumi/pulumi/automation";
import { stackHistory } from "./history";
import { lineage, readRollbacks, rollbackStack, type RollbackStackResult } from "./rollback";

export interface UpOptions {
  stack: Stack;
  /** Overrides the stack's `schemastack:autoRollback` config. */
  autoRollback?: boolean;
  env?: Record<string, string | undefined>;
  scratchServerUrl?: string;
  log: (text: string) => void;
  onOutput?: (text: string) => void;
}

export type UpOutcome =
  | { status: "succeeded" }
  | { status: "failed"; error: Error; rollback: "off" | "nothing-to-roll-back-to" }
  | { status: "rolled-back"; error: Error; rollback: RollbackStackResult }
  | { status: "rollback-failed"; error: Error; rollbackError: Error; target: number };

export async function autoRollbackConfigured(stack: Stack): Promise<boolean> {
  try {
    const value = await stack.getConfig("schemastack:autoRollback");
    return value.value.trim().toLowerCase() === "true";
  } catch {
    return false;
  }
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * What to print of a failed `pulumi up` (the Automation API's message holds its whole output): every
 * error diagnostic with its continuation lines (why it failed), then the closing summary. The
 * engine's generic "update failed" line says nothing and is left out.
 */
export function upFailureSummary(message: string): string {
  const lines = message.split("\n");
  const errors: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = /^(\s*)error: /.exec(lines[i]);
    if (!start || /error: update failed\s*$/.test(lines[i])) continue;
    errors.push(lines[i].trim());
    // A multi-line message continues on lines indented at least as deep, up to a blank line.
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === "" || /^\s*(error|warning): /.test(line)) break;
      if (line.length - line.trimStart().length < start[1].length) break;
      errors.push(`  ${line.trim()}`);
      i = j;
    }
  }
  const tail = lines.slice(-12).join("\n");
  return errors.length ? `${errors.join("\n")}\n${tail}` : tail;
}

export async function upWithRollback(options: UpOptions): Promise<UpOutcome> {
  const { stack, log } = options;
  const auto = options.autoRollback ?? (await autoRollbackConfigured(stack));
  const before = auto ? await stackHistory(stack, { env: options.env }) : [];
  // The version this update starts from (or the last good one it descends from).
  const target = lineage(before, auto ? await readRollbacks(stack) : []).find(
    (v) => v.kind === "update" && v.result === "succeeded",
  );
  try {
    await stack.up({ onOutput: options.onOutput, color: "never" });
    return { status: "succeeded" };
  } catch (e) {
    const error = asError(e);
    log(`pulumi up failed: ${upFailureSummary(error.message)}\n`);
    if (!auto) return { status: "failed", error, rollback: "off" };
    if (!target) {
      log("automatic rollback: there is no earlier successful update to go back to\n");
      return { status: "failed", error, rollback: "nothing-to-roll-back-to" };
    }
    log(`automatic rollback to stack version ${target.version}\n`);
    try {
      const rollback = await rollbackStack({
        stack,
        to: target.version,
        apply: true,
        automatic: true,
        env: options.env,
        scratchServerUrl: options.scratchServerUrl,
        log,
      });
      return { status: "rolled-back", error, rollback };
    } catch (r) {
      return { status: "rollback-failed", error, rollbackError: asError(r), target: target.version };
    }
  }
}
