import { openCliStack } from "../open-stack";
import { required, single } from "../args";
import type { Command } from "../command";

export const historyCommand: Command = {
  name: "history",
  summary:
    "list a stack's updates and rollbacks with the schema version, fingerprint and pre-migration backup of each",
  usage: "schemastack history --stack NAME [--cwd DIR] [--json]",
  details:
    "Reads the update list from the stack's backend (`pulumi stack history`) and, from each update's\n" +
    "checkpoint, the declared schema version and fingerprint (SchemaVersion inputs) and the verified\n" +
    "dump the update took before its DDL (Backup output). Works with file:// and s3:// backends (their\n" +
    "history folder) and backends that support `pulumi stack export --version`.\n" +
    "Rollbacks (`schemastack rollback`, and automatic ones after a failed `schemastack up`) are entries\n" +
    "of their own: what they undid, the version they went back to, the data restored and the dumps\n" +
    "used; the updates they undid say so. With --json every entry has a `kind`: update or rollback.\n" +
    "Uses the Pulumi environment as `pulumi` would (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE...).",
  options: [
    { name: "stack", value: "NAME", description: "the stack" },
    { name: "cwd", value: "DIR", description: "the Pulumi program's folder (default: the current one)" },
    { name: "json", description: "print JSON" },
  ],
  async run(args, io) {
    const { stackHistoryWithSchemas, readRollbackEntries, formatRollbackEntry } =
      await import("../../automation");
    const stack = await openCliStack(required(args, "stack"), single(args, "cwd") ?? process.cwd());
    const versions = await stackHistoryWithSchemas(stack);
    const rollbacks = await readRollbackEntries(stack);
    const undoneBy = new Map<number, number>();
    for (const r of rollbacks) for (const v of r.undone) if (!undoneBy.has(v)) undoneBy.set(v, r.n);
    const updates = versions.map((v) => ({
      kind: v.kind,
      time: v.startTime.toISOString(),
      version: v.version,
      result: v.result,
      startTime: v.startTime.toISOString(),
      endTime: v.endTime?.toISOString() ?? null,
      rolledBackBy: undoneBy.get(v.version) ?? null,
      databases: v.databases.map((d) => ({
        name: d.name,
        schemaVersion: d.version,
        fingerprint: d.versionFingerprint ?? d.fingerprint,
        backup: d.manifest?.uri ?? null,
        backupTakenAt: d.manifest?.createdAt ?? null,
      })),
    }));
    type UpdateRow = (typeof updates)[number];
    type RollbackRow = (typeof rollbacks)[number] & { kind: "rollback"; time: string };
    const rows: Array<UpdateRow | RollbackRow> = [
      ...updates,
      ...rollbacks.map((r): RollbackRow => ({ kind: "rollback", time: r.at, ...r })),
    ];
    // Oldest first; a rollback sorts after the updates that ran before it.
    rows.sort((a, b) => a.time.localeCompare(b.time));
    if (args.flags.has("json")) {
      io.out(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.out("no updates\n");
      return 0;
    }
    for (const r of [...rows].reverse()) {
      if ("n" in r) {
        io.out(`${formatRollbackEntry(r).join("\n")}\n`);
        continue;
      }
      const undone = r.rolledBackBy !== null ? `  (rolled back by #${r.rolledBackBy})` : "";
      io.out(`version ${r.version}  ${r.kind} ${r.result}  ${r.startTime}${undone}\n`);
      for (const d of r.databases) {
        io.out(
          `  ${d.name}: schema ${d.schemaVersion ?? "-"}  fingerprint ${d.fingerprint ? d.fingerprint.slice(0, 12) : "-"}\n` +
            `  ${" ".repeat(d.name.length)}  backup ${d.backup ?? "(none)"}\n`,
        );
      }
    }
    return 0;
  },
};
