// The pre-migration backup. It is keyed by the declared schema: diff reports a change whenever the
// operation's plan has steps, i.e. exactly when some DDL is about to run, and the migration depends
// on it, so a verified dump exists before the first statement. A plan that will be refused (it
// deletes data without the opt-in) is refused here, before the dump. Old dumps are pruned to the
// configured count, never the current or previous one. Deleting the resource keeps the dumps.
import type * as pulumi from "@pulumi/pulumi";
import { applyRetention, BackupManifest, createBackupTarget, takeVerifiedBackup } from "../../core/backup";
import { endDeadRunSessions } from "../../core/lifecycle/dead-run-sessions";
import { withClient } from "../../core/pg/with-client";
import { warn } from "./engine-log";
import { dataLossAllowed, managedRecord, operationPlan, planScope } from "./migration-provider";
import { refusal } from "./schema-engine";
import { configureSettings } from "./settings";
import type { BackupOutputs, BackupProps } from "../provider-props";
export type { BackupOutputs, BackupProps };

export const backupProvider: pulumi.dynamic.ResourceProvider<BackupProps, BackupOutputs> = {
  async configure(req) {
    configureSettings(req.config);
  },
  async diff(_id, olds, news) {
    if (olds.fingerprint !== news.fingerprint) return { changes: true };
    if ((await operationPlan(news.connection, news.schema, planScope(news, olds))).steps.length) {
      await warn(
        `the database differs from the declaration: a verified backup will be taken before any change`,
      );
      return { changes: true };
    }
    return {
      changes:
        olds.keep !== news.keep ||
        olds.allowDataLoss !== news.allowDataLoss ||
        JSON.stringify(olds.target) !== JSON.stringify(news.target),
    };
  },
  async create(inputs) {
    await refuseBeforeDump(inputs, undefined);
    const manifest = await backup(inputs, null);
    return { id: manifest.uri, outs: outputs(inputs, manifest) };
  },
  async update(_id, olds, news) {
    const plan = await refuseBeforeDump(news, olds);
    // A new target or retention alone is bookkeeping: dump only when DDL is about to run.
    if (olds.fingerprint === news.fingerprint && plan.steps.length === 0) {
      return { outs: outputs(news, olds.manifest) };
    }
    return { outs: outputs(news, await backup(news, olds.manifest)) };
  },
  async read(id, props) {
    // The dump itself is immutable; what matters for drift is the database, which diff checks.
    return { id, props };
  },
  async delete() {
    // Dumps outlive the resource: they are what a rollback restores from.
  },
};

function outputs(props: BackupProps, manifest: BackupManifest | null): BackupOutputs {
  const { schema, ...rest } = props;
  return { ...rest, manifest, managed: managedRecord(schema) };
}

async function refuseBeforeDump(props: BackupProps, olds: BackupOutputs | undefined) {
  const plan = await operationPlan(props.connection, props.schema, planScope(props, olds));
  const refused = refusal(plan, dataLossAllowed(props.allowDataLoss));
  if (refused) throw new Error(refused);
  return plan;
}

async function backup(props: BackupProps, previous: BackupManifest | null): Promise<BackupManifest> {
  // A killed run's session may still wait for (or hold) a lock on a table pg_dump must read: end
  // it first, or the dump queues behind it (the migration would end it, but only after the dump).
  const ended = await withClient(props.connection, endDeadRunSessions).catch(() => []);
  for (const notice of ended) await warn(notice);
  const manifest = await takeVerifiedBackup({
    databaseUrl: props.connection,
    target: props.target,
    stack: props.stack,
    schemaFingerprint: props.fingerprint,
    progress: false,
    onNotice: (notice) => void warn(notice),
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
