// The pre-migration backup. It is keyed by the desired schema: diff reports a change whenever the
// live database (as far as the declaration reaches) differs from the declaration, i.e. exactly when
// some DDL is about to run, and every DDL resource depends on it, so a verified dump exists
// before the first statement. Old dumps are pruned to the configured count, never the current or
// previous one. Deleting the resource keeps the dumps.
import type * as pulumi from "@pulumi/pulumi";
import {
  applyRetention,
  BackupManifest,
  BackupTargetConfig,
  createBackupTarget,
  takeVerifiedBackup,
} from "../../core/backup";
import { sameSchema } from "../../core/model/canonical";
import type { SchemaModel } from "../../core/model/model";
import { restrictToDeclared } from "../../core/model/objects";
import { warn } from "./engine-log";
import { liveSnapshot } from "./live-catalog";

export interface BackupProps {
  connection: string;
  target: BackupTargetConfig;
  stack: string;
  fingerprint: string;
  /** The declaration, to tell whether the live database differs from it. */
  desired: SchemaModel;
  /** How many dumps per stack to keep (null: keep all). */
  keep: number | null;
  /** The last verified backup (output). */
  manifest: BackupManifest | null;
}

export const backupProvider: pulumi.dynamic.ResourceProvider<BackupProps, BackupProps> = {
  async diff(_id, olds, news) {
    if (olds.fingerprint !== news.fingerprint) return { changes: true };
    if (await differsFromDeclaration(news)) {
      await warn(
        `the database differs from the declaration: a verified backup will be taken before any change`,
      );
      return { changes: true };
    }
    return {
      changes: olds.keep !== news.keep || JSON.stringify(olds.target) !== JSON.stringify(news.target),
    };
  },
  async create(inputs) {
    const manifest = await backup(inputs, null);
    return { id: manifest.uri, outs: { ...inputs, manifest } };
  },
  async update(_id, olds, news) {
    // A new target or retention alone is bookkeeping: dump only when DDL is about to run.
    if (olds.fingerprint === news.fingerprint && !(await differsFromDeclaration(news))) {
      return { outs: { ...news, manifest: olds.manifest } };
    }
    const manifest = await backup(news, olds.manifest);
    return { outs: { ...news, manifest } };
  },
  async read(id, props) {
    // The dump itself is immutable; what matters for drift is the database, which diff checks.
    return { id, props, inputs: props };
  },
  async delete() {
    // Dumps outlive the resource: they are what a rollback restores from.
  },
};

async function differsFromDeclaration(props: BackupProps): Promise<boolean> {
  const live = restrictToDeclared(await liveSnapshot(props.connection), props.desired);
  return !sameSchema(live, props.desired);
}

async function backup(props: BackupProps, previous: BackupManifest | null): Promise<BackupManifest> {
  const manifest = await takeVerifiedBackup({
    databaseUrl: props.connection,
    target: props.target,
    stack: props.stack,
    schemaFingerprint: props.fingerprint,
    progress: false,
  });
  if (props.keep !== null) {
    const protectedKeys = [manifest.key, ...(previous ? [previous.key] : [])];
    await applyRetention(createBackupTarget(props.target), {
      stack: props.stack,
      keep: props.keep,
      protectedKeys,
    });
  }
  return manifest;
}
