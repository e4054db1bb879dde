import { openCliStack } from "../open-stack";
import { required, single } from "../args";
import type { Command } from "../command";

export const historyCommand: Command = {
  name: "history",
  summary: "list a stack's updates with the schema version, fingerprint and pre-migration backup of each",
  usage: "schemastack history --stack NAME [--cwd DIR] [--json]",
  details:
    "Reads the update list from the stack's backend (`pulumi stack history`) and, from each update's\n" +
    "checkpoint, the declared schema version and fingerprint (SchemaVersion inputs) and the verified\n" +
    "dump the update took before its DDL (Backup output). Works with file:// and s3:// backends (their\n" +
    "history folder) and backends that support `pulumi stack export --version`.\n" +
    "Uses the Pulumi environment as `pulumi` would (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE...).",
  options: [
    { name: "stack", value: "NAME", description: "the stack" },
    { name: "cwd", value: "DIR", description: "the Pulumi program's folder (default: the current one)" },
    { name: "json", description: "print JSON" },
  ],
  async run(args, io) {
    const { stackHistoryWithSchemas } = await import("../../automation");
    const stack = await openCliStack(required(args, "stack"), single(args, "cwd") ?? process.cwd());
    const versions = await stackHistoryWithSchemas(stack);
    const rows = versions.map((v) => ({
      version: v.version,
      kind: v.kind,
      result: v.result,
      startTime: v.startTime.toISOString(),
      endTime: v.endTime?.toISOString() ?? null,
      databases: v.databases.map((d) => ({
        name: d.name,
        schemaVersion: d.version,
        fingerprint: d.versionFingerprint ?? d.fingerprint,
        backup: d.manifest?.uri ?? null,
        backupTakenAt: d.manifest?.createdAt ?? null,
      })),
    }));
    if (args.flags.has("json")) {
      io.out(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.out("no updates\n");
      return 0;
    }
    for (const r of [...rows].reverse()) {
      io.out(`version ${r.version}  ${r.kind} ${r.result}  ${r.startTime}\n`);
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
