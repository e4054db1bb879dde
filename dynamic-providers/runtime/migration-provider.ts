// The Database's migration: one resource that applies the whole plan (after the backup, before the
// object resources verify and the version row is written). preview: one snapshot, one plan, and a
// warning per step that deletes data, naming the object and what the opt-in changes. up: the plan
// run by core's executor exactly as the staging rehearsal runs it, its statements recorded.
import type * as pulumi from "@pulumi/pulumi";
import type { SchemaModel } from "../../core/model/model";
import type { ManagedScope } from "../../core/model/scope";
import { decodeManaged, decodeSchema, encodeManaged, encodeSteps } from "../schema-encoding";
import { info, warn } from "./engine-log";
import { liveSnapshot, redactedReason, replaceSnapshot, withClient } from "./live-catalog";
import {
  cachedDatabasePlan,
  dataMoveSteps,
  describeDestructive,
  destructiveSteps,
  ManagedObjects,
  managedObjects,
  migrate,
  PlanScope,
  optInHint,
} from "./schema-engine";
import { configureSettings, settings } from "./settings";
import { isSchemaLevel } from "../access-shape";
import type { MigrationOutputs, MigrationProps } from "../provider-props";
export type { MigrationOutputs, MigrationProps };

const decoded = new Map<string, SchemaModel>();

export function desiredModel(encoded: string): SchemaModel {
  let model = decoded.get(encoded);
  if (!model) decoded.set(encoded, (model = decodeSchema(encoded)));
  return model;
}

/** The record of the objects the declaration `encoded` manages, as the next plan's planScope reads it. */
export function managedRecord(encoded: string): string {
  return encodeManaged(managedObjects(desiredModel(encoded)));
}

export function dataLossAllowed(optIn: boolean): boolean {
  return optIn || settings().allowDataLoss;
}

/** The operation's plan for this declaration (one per snapshot, shared with the backup's checks). */
export async function operationPlan(connection: string, encoded: string, scope: PlanScope) {
  const live = await liveSnapshot(connection);
  return cachedDatabasePlan(live, encoded, scope, () => desiredModel(encoded));
}

/**
 * The plan scope of a resource update: its inputs' ignoreChanges and managed scope (absent in
 * state written before it: none), its last outputs' managed objects.
 */
export function planScope(
  news: { ignoreChanges?: Record<string, string[]>; managedScope?: ManagedScope | null },
  olds: { managed?: string | ManagedObjects | null } | undefined,
): PlanScope {
  return {
    ignoreChanges: news.ignoreChanges ?? {},
    previouslyManaged: decodeManaged(olds?.managed),
    managedScope: news.managedScope ?? null,
  };
}

export const migrationProvider: pulumi.dynamic.ResourceProvider<MigrationProps, MigrationOutputs> = {
  async configure(req) {
    configureSettings(req.config);
  },

  async check(olds, news) {
    if (news.renderError) return { failures: [{ property: "schema", reason: news.renderError }] };
    // A first update creates this resource without a diff: its data moves are named here instead.
    // (Best effort: an unreachable database is reported by the update itself, as before.)
    if (!olds || Object.keys(olds).length === 0) {
      const plan = await operationPlan(news.connection, news.schema, planScope(news, undefined)).catch(
        () => undefined,
      );
      for (const step of plan ? dataMoveSteps(plan) : [])
        await info(`data move: ${step.description}`, news.urn);
    }
    return { inputs: news };
  },

  async diff(_id, olds, news) {
    const plan = await operationPlan(news.connection, news.schema, planScope(news, olds));
    // Schemas (their comment, grants, owner, default privileges) and roles have no
    // resource of their own: with the declaration unchanged, their steps undo changes made by hand.
    if (olds.fingerprint === news.fingerprint)
      for (const step of plan.steps.filter((s) => isSchemaLevel(s.objectKey)))
        await warn(
          `drift: ${step.description} (made outside the program; \`pulumi up\` puts it back)`,
          news.urn,
        );
    const allowed = dataLossAllowed(news.allowDataLoss);
    for (const step of destructiveSteps(plan)) {
      await warn(
        allowed
          ? `${describeDestructive(step)}. It DELETES DATA (allowed by the data-loss opt-in).`
          : `${describeDestructive(step)}. \`pulumi up\` will refuse it, before the backup and before any ` +
              `change, unless you ${optInHint}.`,
        news.urn,
      );
    }
    // Data moves are the slow, data-dependent part of a plan: each is named in the preview.
    for (const step of dataMoveSteps(plan)) await info(`data move: ${step.description}`, news.urn);
    return {
      changes:
        plan.steps.length > 0 ||
        olds.fingerprint !== news.fingerprint ||
        olds.allowDataLoss !== news.allowDataLoss ||
        JSON.stringify(olds.ignoreChanges ?? {}) !== JSON.stringify(news.ignoreChanges ?? {}) ||
        JSON.stringify(olds.managedScope ?? null) !== JSON.stringify(news.managedScope ?? null) ||
        olds.connection !== news.connection,
    };
  },

  async create(inputs) {
    return { id: `migration-${inputs.fingerprint.slice(0, 12)}`, outs: await run(inputs, undefined) };
  },

  async update(_id, olds, news) {
    return { outs: await run(news, olds) };
  },

  async read(id, props) {
    // Nothing to refresh here (the object resources report drift); the stored inputs stay as they are.
    return { id, props };
  },

  async delete() {
    // Removing the resource (or the stack) changes no schema: the data stays.
  },
};

async function run(props: MigrationProps, olds: MigrationOutputs | undefined): Promise<MigrationOutputs> {
  const { schema, ...rest } = props;
  const options = settings();
  const desired = desiredModel(schema);
  const result = await withClient(props.connection, (client) =>
    migrate(client, desired, {
      allowDataLoss: dataLossAllowed(props.allowDataLoss),
      ...planScope(props, olds),
      lockTimeoutMs: options.lockTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs,
      log: (line) => void info(line, props.urn),
    }),
  ).catch((error: unknown) => {
    throw new Error(redactedReason(error, props.connection));
  });
  replaceSnapshot(props.connection, result.after);
  return {
    ...rest,
    managed: managedRecord(schema),
    steps: encodeSteps(result.steps),
    appliedAt: new Date().toISOString(),
  };
}
