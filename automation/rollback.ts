// `schemastack rollback`: back to an earlier stack version. For each schemastack Database in the
// target version's checkpoint: recover its declared schema (Backup `desired` input), plan live ->
// target with the core planner, restore data destroyed since from the dump of the update that
// destroyed it (core/rollback), write the target's version row; then import the target checkpoint's
// deployment so that Pulumi's state matches the database again.
import type { Stack } from "@pulumi/pulumi/automation";
import {
  formatRollbackPlan,
  prepareRollback,
  runRollback,
  type LaterVersion,
  type RollbackEvent,
  type RollbackPlan,
} from "../core/rollback";
import { connectionsIn, databasesIn, type DatabaseCheckpoint, type UntypedDeployment } from "./checkpoint";
import { stackHistory, type StackVersion } from "./history";
import { recordRollback, type RestoredData, type RollbackEntry } from "./rollback-record";

export interface RollbackStackOptions {
  stack: Stack;
  /** The stack version to go back to; default: see chooseTarget. */
  to?: number;
  /** Apply (else only print the plan). */
  apply: boolean;
  /** Use this database URL instead of the one recorded in the stack's state. */
  databaseUrl?: string;
  scratchServerUrl?: string;
  env?: Record<string, string | undefined>;
  log: (text: string) => void;
  /** History already read by the caller. */
  history?: StackVersion[];
  /** Run by `schemastack up` after a failed update: recorded as an automatic rollback. */
  automatic?: boolean;
}

export interface RollbackStackResult {
  target: number;
  targetSchemaVersions: Record<string, string | null>;
  applied: boolean;
  plans: Record<string, RollbackPlan>;
  /** What history now shows for it (when applied). */
  entry?: RollbackEntry;
}

export class RollbackTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RollbackTargetError";
  }
}

const isUpdate = (v: StackVersion) => v.kind === "update";
const succeeded = (v: StackVersion) => v.result === "succeeded";

/** Stack tag recording rollbacks: "after:target" pairs, e.g. "2:1,5:1" (state set to 1 when 2, then 5, was latest). */
export const rollbackTag = "schemastack:rollbacks";

export interface RollbackRecord {
  /** The latest stack version when the rollback ran. */
  after: number;
  /** The version whose deployment was imported. */
  target: number;
}

export function parseRollbackTag(value: string | undefined): RollbackRecord[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((p) => /^(\d+):(\d+)$/.exec(p))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ after: Number(m[1]), target: Number(m[2]) }));
}

export function formatRollbackTag(records: readonly RollbackRecord[]): string {
  return records
    .slice(-20)
    .map((r) => `${r.after}:${r.target}`)
    .join(",");
}

/**
 * The stack's lineage: the version its state is at now (the latest update, or the target of a
 * rollback made since), then the version each one started from, back to the first. Updates undone
 * by a rollback are not in it. Newest first.
 */
export function lineage(
  history: readonly StackVersion[],
  rollbacks: readonly RollbackRecord[],
): StackVersion[] {
  const byVersion = new Map(history.map((v) => [v.version, v]));
  const rolledBackAfter = (version: number) =>
    [...rollbacks].reverse().find((r) => r.after === version)?.target;
  const latest = history[history.length - 1];
  if (!latest) return [];
  const out: StackVersion[] = [];
  let current: number | undefined = rolledBackAfter(latest.version) ?? latest.version;
  const seen = new Set<number>();
  while (current !== undefined && byVersion.has(current) && !seen.has(current)) {
    seen.add(current);
    out.push(byVersion.get(current)!);
    const index = history.findIndex((v) => v.version === current);
    const previous = history[index - 1];
    current = previous ? (rolledBackAfter(previous.version) ?? previous.version) : undefined;
  }
  return out;
}

/**
 * The version to go back to. With `to`: that version, which must be a successful update. Without:
 * the last successful update the current state descends from, excluding the current one, i.e. the
 * version before the last successful update, or the last successful one when the latest update
 * failed (undo it).
 */
export function chooseTarget(
  history: readonly StackVersion[],
  to?: number,
  rollbacks: readonly RollbackRecord[] = [],
): StackVersion {
  if (to !== undefined) {
    const v = history.find((x) => x.version === to);
    if (!v)
      throw new RollbackTargetError(`stack version ${to} does not exist (versions: 1..${history.length})`);
    if (!isUpdate(v) || !succeeded(v))
      throw new RollbackTargetError(
        `stack version ${to} is a ${v.result} ${v.kind}: roll back to a successful update`,
      );
    return v;
  }
  const line = lineage(history, rollbacks);
  if (line.length === 0) throw new RollbackTargetError("the stack has no updates to roll back");
  const target = line.slice(1).find((v) => isUpdate(v) && succeeded(v));
  if (!target)
    throw new RollbackTargetError(
      `no successful update before version ${line[0].version} to roll back to (use schemastack history to see the versions)`,
    );
  return target;
}

/** The updates between the target and the current state, oldest first (what a rollback undoes). */
export function updatesSince(
  history: readonly StackVersion[],
  target: StackVersion,
  rollbacks: readonly RollbackRecord[],
): StackVersion[] {
  const line = lineage(history, rollbacks);
  const out: StackVersion[] = [];
  for (const v of line) {
    if (v.version <= target.version) break;
    if (isUpdate(v)) out.push(v);
  }
  return out.reverse();
}

export async function readRollbacks(stack: Stack): Promise<RollbackRecord[]> {
  try {
    return parseRollbackTag(await stack.getTag(rollbackTag));
  } catch {
    return [];
  }
}

function laterVersions(
  name: string,
  later: ReadonlyArray<{ v: StackVersion; dbs: DatabaseCheckpoint[] }>,
): LaterVersion[] {
  const out: LaterVersion[] = [];
  for (const { v, dbs } of later) {
    const db = dbs.find((d) => d.name === name);
    if (!db?.desired) continue;
    out.push({
      label: String(v.version),
      desired: db.desired,
      succeeded: succeeded(v),
      dump:
        db.manifest && db.backupTarget
          ? { uri: db.manifest.uri, key: db.manifest.key, target: db.backupTarget }
          : null,
    });
  }
  return out;
}

function describeEvent(db: string, e: RollbackEvent): string {
  switch (e.type) {
    case "dump-checked":
      return `[${db}] dump verified (size and sha256): ${e.dump.uri}`;
    case "scratch-restored":
      return `[${db}] dump restored into scratch database ${e.database}`;
    case "ddl":
      return `[${db}] ok   ${e.description} (${e.ms} ms)`;
    case "data":
      return e.restore.kind === "table"
        ? `[${db}] restored ${e.rows} row(s) of ${e.restore.schema}.${e.restore.table}`
        : e.restore.kind === "column"
          ? `[${db}] restored ${e.restore.schema}.${e.restore.table}.${e.restore.column} in ${e.rows} row(s)`
          : `[${db}] restored the position of sequence ${e.restore.schema}.${e.restore.sequence}`;
    case "version-row":
      return `[${db}] version row written: ${e.version}`;
  }
}

export async function rollbackStack(options: RollbackStackOptions): Promise<RollbackStackResult> {
  const { stack, log } = options;
  const history = options.history ?? (await stackHistory(stack, { env: options.env }));
  const rollbacks = await readRollbacks(stack);
  const target = chooseTarget(history, options.to, rollbacks);
  const deployment: UntypedDeployment = await target.deployment();
  const databases = databasesIn(deployment);
  if (databases.length === 0)
    throw new RollbackTargetError(`stack version ${target.version} has no schemastack Database in its state`);
  const later: Array<{ v: StackVersion; dbs: DatabaseCheckpoint[] }> = [];
  for (const v of updatesSince(history, target, rollbacks)) {
    later.push({ v, dbs: databasesIn(await v.deployment()) });
  }
  const connections = options.databaseUrl
    ? new Map(databases.map((d) => [d.name, options.databaseUrl!]))
    : connectionsIn((await stack.exportStack()) as UntypedDeployment);

  const plans: Record<string, RollbackPlan> = {};
  const prepared: Array<{ db: DatabaseCheckpoint; url: string; plan: RollbackPlan }> = [];
  for (const db of databases) {
    if (!db.desired)
      throw new RollbackTargetError(
        `stack version ${target.version}: Database "${db.name}" has no Backup resource, so its declared schema is not recorded (backup: false)`,
      );
    const url = connections.get(db.name);
    if (!url)
      throw new RollbackTargetError(
        `no connection for Database "${db.name}" in the stack's current state: pass --database-url`,
      );
    const plan = await prepareRollback(url, db.desired, laterVersions(db.name, later));
    plans[db.name] = plan;
    prepared.push({ db, url, plan });
    log(`[${db.name}] ${formatRollbackPlan(plan)}`);
  }
  const result: RollbackStackResult = {
    target: target.version,
    targetSchemaVersions: Object.fromEntries(databases.map((d) => [d.name, d.version])),
    applied: false,
    plans,
  };
  if (!options.apply) return result;

  const done: RollbackEntry["databases"] = [];
  for (const { db, url, plan } of prepared) {
    const restored: RestoredData[] = [];
    const backups: string[] = [];
    done.push({ name: db.name, schemaVersion: db.version, restored, backups });
    await runRollback(plan, {
      databaseUrl: url,
      scratchServerUrl: options.scratchServerUrl,
      versionRow:
        db.version && db.versionFingerprint && db.versionTable
          ? {
              version: db.version,
              fingerprint: db.versionFingerprint,
              stack: db.stack ?? stack.name,
              table: db.versionTable,
            }
          : undefined,
      onEvent: (e) => {
        if (e.type === "dump-checked" && !backups.includes(e.dump.uri)) backups.push(e.dump.uri);
        if (e.type === "data") {
          const r = e.restore;
          restored.push({
            what:
              r.kind === "table"
                ? `${r.schema}.${r.table}`
                : r.kind === "column"
                  ? `${r.schema}.${r.table}.${r.column}`
                  : `sequence ${r.schema}.${r.sequence}`,
            rows: e.rows,
            backup: r.dump?.uri ?? null,
          });
        }
        log(`${describeEvent(db.name, e)}\n`);
      },
    });
  }
  await stack.importStack(deployment as Parameters<Stack["importStack"]>[0]);
  const latest = history[history.length - 1];
  await stack.setTag(
    rollbackTag,
    formatRollbackTag([...rollbacks, { after: latest.version, target: target.version }]),
  );
  log(`Pulumi state of ${stack.name} set to the deployment of stack version ${target.version}\n`);
  result.entry = await recordRollback(
    stack,
    {
      at: new Date().toISOString(),
      automatic: options.automatic ?? false,
      after: latest.version,
      target: target.version,
      undone: later.map(({ v }) => v.version),
      databases: done,
    },
    log,
  );
  result.applied = true;
  return result;
}
