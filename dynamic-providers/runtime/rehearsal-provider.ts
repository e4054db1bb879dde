// The staging rehearsal: before anything touches the real target, branch the parent (prod)
// database, run the same changes there with the same planner and executor, check convergence and
// the optional smoke SQL, then delete the branch. A migration that cannot work on prod's data
// fails here, with the failing statement and the reason, and the update stops before any DDL.
import type * as pulumi from "@pulumi/pulumi";
import {
  createBranchDriver,
  describeCopy,
  parseRehearsalSettings,
  progressPrinter,
  RehearsalSettings,
  withRehearsalSettings,
} from "../../core/branch";
import {
  dropRehearsalRoles,
  leftRolesWarning,
  rolesBeforeRehearsal,
} from "../../core/branch/rehearsal-roles";
import { registerCleanup } from "../../core/lifecycle/cleanups";
import { deleteDeadRunBranches } from "../../core/lifecycle/dead-run-branches";
import { formatOwner } from "../../core/lifecycle/run-owner";
import { connectClient } from "../../core/pg/with-client";
import { warn } from "./engine-log";
import { redactedReason } from "./live-catalog";
import { desiredModel, managedRecord, planScope } from "./migration-provider";
import { migrate } from "./schema-engine";
import { configureSettings, settings } from "./settings";
import type { RehearsalProps, RehearsalStepReport } from "../provider-props";
export type { RehearsalProps, RehearsalStepReport };

/** schemastack:rehearsalMethod / rehearsalServer / rehearsalRowLimit / rehearsalJobs (core/branch). */
let copySettings: RehearsalSettings = { method: "auto" };

export const rehearsalProvider: pulumi.dynamic.ResourceProvider<RehearsalProps, RehearsalProps> = {
  async configure(req) {
    // The lock budget and data-loss opt-in come from stack config, as for the schema objects.
    configureSettings(req.config);
    copySettings = parseRehearsalSettings((key) => req.config.get(key));
  },
  async diff(_id, olds, news) {
    // Keyed by the declaration: a new schema is rehearsed once, before it is applied.
    return { changes: olds.fingerprint !== news.fingerprint || olds.allowDataLoss !== news.allowDataLoss };
  },
  async create(inputs) {
    const outs = await rehearse(inputs, undefined);
    return { id: `rehearsal-${inputs.fingerprint.slice(0, 12)}`, outs };
  },
  async update(_id, olds, news) {
    return { outs: await rehearse(news, olds) };
  },
  async read(id, props) {
    return { id, props, inputs: props };
  },
  async delete() {
    // Rehearsal branches are deleted when the rehearsal ends (or kept on request).
  },
};

async function rehearse(
  props: RehearsalProps,
  previous: RehearsalProps | undefined,
): Promise<RehearsalProps> {
  const started = Date.now();
  const progress = progressPrinter((line) => console.log(`rehearsal: ${line}`));
  const driver = createBranchDriver(withRehearsalSettings(props.driver, copySettings, progress));
  // The name carries this run (host, pid, start): a later rehearsal deletes what a killed one left.
  const prefix = "rehearsal_";
  const name = `${prefix}${formatOwner()}_${props.fingerprint.slice(0, 8)}`;
  for (const notice of await deleteDeadRunBranches(driver, props.parentConnection, prefix).catch(() => []))
    await warn(notice);
  let branch;
  try {
    branch = await driver.createBranch(props.parentConnection, { name });
  } catch (error) {
    throw new Error(
      `rehearsal: could not branch the parent database: ${redactedReason(error, props.parentConnection)}`,
    );
  }
  if (branch.copy) {
    const line = `rehearsal: ${describeCopy(branch.copy)}`;
    if (branch.copy.rowLimit !== null) await warn(line);
    else console.log(line);
  }
  const options = settings();
  let steps: RehearsalStepReport[] = [];
  // Stopped by a signal while the branch exists (Pulumi interrupts its providers when an update is
  // terminated, and this process notices an engine that is gone): the branch is deleted then too.
  const unregister = props.keepBranch
    ? () => undefined
    : registerCleanup(`rehearsal branch ${branch.name}`, () => driver.deleteBranch(branch));
  try {
    const client = await connectClient(branch.connectionUrl, { applicationName: "schemastack-rehearsal" });
    const desired = desiredModel(props.schema);
    // Roles are cluster-wide: those the rehearsal creates are dropped after it (rehearsal-roles.ts),
    // unless the branch is kept (it needs them).
    const rolesBefore = props.keepBranch ? undefined : await rolesBeforeRehearsal(client);
    try {
      // The same function the migration resource runs on the stack's database.
      ({ steps } = await migrate(client, desired, {
        allowDataLoss: props.allowDataLoss || options.allowDataLoss,
        ...planScope(props, previous),
        lockTimeoutMs: options.lockTimeoutMs,
        statementTimeoutMs: options.statementTimeoutMs,
        log: (line) => console.log(`rehearsal: ${line}`),
      }));
      for (const statement of props.smokeSql) {
        try {
          await client.query(statement);
        } catch (error) {
          throw new Error(
            `smoke check failed: ${statement}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    } finally {
      if (rolesBefore) {
        const declared = (desired.roles ?? []).map((r) => r.name);
        const cleanup = await dropRehearsalRoles(client, declared, rolesBefore).catch((e: unknown) => ({
          dropped: [],
          left: declared
            .filter((role) => !rolesBefore.has(role))
            .map((role) => ({ role, reason: e instanceof Error ? e.message : String(e) })),
        }));
        if (cleanup.dropped.length)
          console.log(`rehearsal: dropped the role(s) it created: ${cleanup.dropped.join(", ")}`);
        if (cleanup.left.length) await warn(leftRolesWarning(cleanup.left));
      }
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    throw new Error(
      "rehearsal on a branch of the parent database failed, so nothing was applied to this stack's database:\n  " +
        redactedReason(error, branch.connectionUrl),
    );
  } finally {
    if (!props.keepBranch) await driver.deleteBranch(branch).catch(() => undefined);
    unregister();
  }
  return {
    ...props,
    rehearsedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    steps,
    keptBranch: props.keepBranch ? branch.id : null,
    copy: branch.copy ?? null,
    managed: managedRecord(props.schema),
  };
}
