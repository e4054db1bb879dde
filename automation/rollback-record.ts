// What a rollback did, kept with the stack so `schemastack history` can show it as an entry of its
// own (a rollback imports an earlier deployment, which Pulumi's update list does not record):
// one stack tag per rollback, `schemastack:rollback:<n>`, holding compact JSON. The older
// `schemastack:rollbacks` tag (after:target pairs) stays what rollback's lineage is computed from.
import type { Stack } from "@pulumi/pulumi/automation";

export const rollbackEntryTagPrefix = "schemastack:rollback:";

export interface RestoredData {
  /** schema.table, or schema.table.column for a column restored by primary key. */
  what: string;
  rows: number;
  /** The dump it came from. */
  backup: string | null;
}

export interface RollbackEntry {
  /** 1-based, in the order the stack's rollbacks ran. */
  n: number;
  /** When the rollback finished (ISO). */
  at: string;
  /** Run by `schemastack up` after a failed update (automatic rollback), not by hand. */
  automatic: boolean;
  /** The latest stack version when it ran. */
  after: number;
  /** The stack version whose deployment was restored. */
  target: number;
  /** The updates it undid (versions). */
  undone: number[];
  databases: Array<{
    name: string;
    /** The schema version the database went back to. */
    schemaVersion: string | null;
    restored: RestoredData[];
    /** Every dump the rollback verified (those it restored data from, and checked ones). */
    backups: string[];
  }>;
}

/** Parses every rollback entry among a stack's tags, oldest first; unreadable ones are skipped. */
export function rollbackEntriesFromTags(tags: Readonly<Record<string, string>>): RollbackEntry[] {
  const out: RollbackEntry[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(rollbackEntryTagPrefix)) continue;
    try {
      const entry = JSON.parse(value) as RollbackEntry;
      if (typeof entry.n === "number" && typeof entry.target === "number" && Array.isArray(entry.databases))
        out.push(entry);
    } catch {
      // A tag edited by hand: not ours to interpret.
    }
  }
  return out.sort((a, b) => a.n - b.n);
}

export async function readRollbackEntries(stack: Stack): Promise<RollbackEntry[]> {
  try {
    return rollbackEntriesFromTags(await stack.listTags());
  } catch {
    return [];
  }
}

/**
 * Records a rollback. Backends that cap tag values (Pulumi Cloud: 256 characters) refuse a long
 * record: then the same record without the per-table details is kept, and that is said.
 */
export async function recordRollback(
  stack: Stack,
  entry: Omit<RollbackEntry, "n">,
  log: (text: string) => void,
): Promise<RollbackEntry> {
  const existing = await readRollbackEntries(stack);
  const full: RollbackEntry = { n: (existing[existing.length - 1]?.n ?? 0) + 1, ...entry };
  const key = `${rollbackEntryTagPrefix}${full.n}`;
  try {
    await stack.setTag(key, JSON.stringify(full));
  } catch {
    const brief = { ...full, databases: full.databases.map((d) => ({ ...d, restored: [], backups: [] })) };
    await stack.setTag(key, JSON.stringify(brief));
    log(
      `the backend refused the rollback's full record: history keeps it without the restored data and dumps\n`,
    );
  }
  return full;
}

/** One line (and detail lines) per rollback entry, for `schemastack history`. */
export function formatRollbackEntry(entry: RollbackEntry): string[] {
  const who = entry.automatic ? "automatic rollback" : "rollback";
  const undone = entry.undone.length
    ? `undid ${entry.undone.map((v) => `version ${v}`).join(", ")}`
    : "undid nothing";
  const lines = [`${who} #${entry.n}  ${entry.at}  ${undone}, back to version ${entry.target}`];
  for (const d of entry.databases) {
    lines.push(`  ${d.name}: schema ${d.schemaVersion ?? "-"}`);
    for (const r of d.restored)
      lines.push(`    restored ${r.what}: ${r.rows} row(s)${r.backup ? ` from ${r.backup}` : ""}`);
    if (d.restored.length === 0) lines.push("    no data to restore");
    for (const b of d.backups.filter((b) => !d.restored.some((r) => r.backup === b)))
      lines.push(`    backup checked: ${b}`);
  }
  return lines;
}
