// What a checkpoint (a stack deployment) says about each schemastack Database: the declared schema
// (the Backup's or the Migration's encoded `schema` input; checkpoints written before the Migration
// existed have the plain model as the Backup's `desired` input), the dump its update took (the
// Backup's `manifest` output), and the version row (the SchemaVersion resource's inputs). No
// program is re-run.
import type { BackupManifest, BackupTargetConfig } from "../core/backup";
import type { SchemaModel } from "../core/model/model";
import { decodeSchema } from "../dynamic-providers/schema-encoding";

export const backupType = "pulumi-nodejs:dynamic/schemastack:Backup";
export const migrationType = "pulumi-nodejs:dynamic/schemastack:Migration";
export const schemaVersionType = "pulumi-nodejs:dynamic/schemastack:SchemaVersion";

/** A deployment as `pulumi stack export` prints it (the part we read). */
export interface UntypedDeployment {
  version: number;
  deployment: { resources?: CheckpointResource[] } & Record<string, unknown>;
}

export interface CheckpointResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface DatabaseCheckpoint {
  /** The Database component's name (`app` for resources `app-backup` / `app-version`). */
  name: string;
  desired: SchemaModel | null;
  fingerprint: string | null;
  backupTarget: BackupTargetConfig | null;
  manifest: BackupManifest | null;
  version: string | null;
  versionFingerprint: string | null;
  versionTable: { schema: string; table: string } | null;
  stack: string | null;
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** A secret's value in an exported deployment (`--show-secrets` gives { plaintext: JSON }), else the value. */
export function unsecret(value: unknown): unknown {
  if (value && typeof value === "object" && "4dabf18193072939515e22adb298388d" in value) {
    const plaintext = (value as { plaintext?: unknown }).plaintext;
    if (typeof plaintext === "string") {
      try {
        return JSON.parse(plaintext);
      } catch {
        return plaintext;
      }
    }
    return undefined; // still encrypted
  }
  return value;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The declared schema in a Backup's or Migration's inputs: encoded (`schema`) or, before, plain (`desired`). */
function declaredSchema(inputs: Record<string, unknown>): SchemaModel | null {
  const encoded = str(unsecret(inputs.schema));
  if (encoded) return decodeSchema(encoded);
  return (unsecret(inputs.desired) as SchemaModel | undefined) ?? null;
}

/** Per Database component, what the deployment records. */
export function databasesIn(deployment: UntypedDeployment): DatabaseCheckpoint[] {
  const byName = new Map<string, DatabaseCheckpoint>();
  const entry = (name: string): DatabaseCheckpoint => {
    let e = byName.get(name);
    if (!e) {
      e = {
        name,
        desired: null,
        fingerprint: null,
        backupTarget: null,
        manifest: null,
        version: null,
        versionFingerprint: null,
        versionTable: null,
        stack: null,
      };
      byName.set(name, e);
    }
    return e;
  };
  for (const r of deployment.deployment.resources ?? []) {
    const inputs = r.inputs ?? {};
    if (r.type === backupType) {
      const e = entry(nameOf(r.urn).replace(/-backup$/, ""));
      e.desired = declaredSchema(inputs) ?? e.desired;
      e.fingerprint = str(unsecret(inputs.fingerprint));
      e.backupTarget = (unsecret(inputs.target) as BackupTargetConfig | undefined) ?? null;
      e.manifest = (unsecret(r.outputs?.manifest) as BackupManifest | null | undefined) ?? null;
      e.stack ??= str(unsecret(inputs.stack));
    } else if (r.type === migrationType) {
      // Without backups the Migration is where the declared schema is recorded.
      const e = entry(nameOf(r.urn).replace(/-migration$/, ""));
      e.desired ??= declaredSchema(inputs);
      e.fingerprint ??= str(unsecret(inputs.fingerprint));
    } else if (r.type === schemaVersionType) {
      const e = entry(nameOf(r.urn).replace(/-version$/, ""));
      e.version = str(unsecret(inputs.version));
      e.versionFingerprint = str(unsecret(inputs.fingerprint));
      const schema = str(unsecret(inputs.schema));
      const table = str(unsecret(inputs.table));
      e.versionTable = schema && table ? { schema, table } : null;
      e.stack = str(unsecret(inputs.stack)) ?? e.stack;
    }
  }
  return [...byName.values()];
}

/** The connection URLs recorded for each Database (needs a deployment exported with secrets shown). */
export function connectionsIn(deployment: UntypedDeployment): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of deployment.deployment.resources ?? []) {
    if (r.type !== backupType && r.type !== schemaVersionType && r.type !== migrationType) continue;
    const name = nameOf(r.urn).replace(/-(backup|version|migration)$/, "");
    const url = unsecret(r.inputs?.connection);
    if (typeof url === "string" && !out.has(name)) out.set(name, url);
  }
  return out;
}
