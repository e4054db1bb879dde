// The command registry: add a command by adding its file and listing it here. Each entry loads its
// module only when that command runs, so `schemastack --help` or `verify` never pays for the AWS SDK,
// the Automation API or the planner. The summary lives here (it is all `--help` prints);
// test/unit/cli/registry.test.ts checks it against the command's own.
import type { Command } from "../command";

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: "inspect",
    summary: "print the live schema as a JSON spec or a TypeScript program",
    load: async () => (await import("./inspect")).inspectCommand,
  },
  {
    name: "plan",
    summary: "show the ordered steps from the live database to the desired schema",
    load: async () => (await import("./plan")).planCommand,
  },
  {
    name: "apply",
    summary: "apply the desired schema to the database, then re-inspect to confirm convergence",
    load: async () => (await import("./apply")).applyCommand,
  },
  {
    name: "backup",
    summary: "take a verified pg_dump of a database into S3 or a folder",
    load: async () => (await import("./backup")).backupCommand,
  },
  {
    name: "restore",
    summary: "restore a verified backup (whole or chosen tables) into a database",
    load: async () => (await import("./restore")).restoreCommand,
  },
  {
    name: "backups",
    summary: "list a stack's verified backups, or prune them to the newest N",
    load: async () => (await import("./backups")).backupsCommand,
  },
  {
    name: "history",
    summary:
      "list a stack's updates and rollbacks with the schema version, fingerprint and pre-migration backup of each",
    load: async () => (await import("./history")).historyCommand,
  },
  {
    name: "rollback",
    summary: "roll a stack's databases back to an earlier stack version, restoring dropped data from dumps",
    load: async () => (await import("./rollback")).rollbackCommand,
  },
  {
    name: "up",
    summary: "pulumi up through the Automation API, rolling back automatically when it fails part-way",
    load: async () => (await import("./up")).upCommand,
  },
  {
    name: "verify",
    summary: "check the database's schema version row against an expected version or fingerprint",
    load: async () => (await import("./verify")).verifyCommand,
  },
];
