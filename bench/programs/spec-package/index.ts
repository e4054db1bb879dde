// The preview workload's schemastack program as a user writes it against the installed package
// (`import ... from "schemastack"`: compiled JS and .d.ts files), not the repository's TypeScript
// source: ts-node then type-checks this file against the package's declarations, as it does in a
// user's project. The schema comes from a file named in stack config, like the e2e spec program.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { Database } from "schemastack";
import type { DeclaredTable } from "schemastack";

interface BenchSpec {
  version: string;
  enums?: Record<string, string[]>;
  tables: Record<string, DeclaredTable>;
}

const config = new pulumi.Config("schemastack-test");
const spec = JSON.parse(fs.readFileSync(config.require("specFile"), "utf8")) as BenchSpec;
const db = new Database("app", { connection: config.requireSecret("databaseUrl"), backup: false });
for (const [name, values] of Object.entries(spec.enums ?? {})) db.enum(name, values);
for (const [name, table] of Object.entries(spec.tables)) db.table(name, table);
db.version(spec.version);
export const version = db.stackOutputs.schemaVersion;
