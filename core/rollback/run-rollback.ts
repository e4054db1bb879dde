// Runs a RollbackPlan against a live database, in an order that keeps every failure before the
// first change whenever it can be known in advance:
//   1. refuse on blockers (missing dumps, tables without a key);
//   2. check every needed dump (manifest, size, sha256: checkStoredBackup) and restore each into a
//      scratch database, and check the restored tables have what is to be copied back;
//   3. under the migration advisory lock: re-inspect (refuse if the database changed since the
//      plan was shown), DDL live -> relaxed, copy the data back (one transaction), DDL relaxed ->
//      target, re-inspect and require the database to equal the target declaration;
//   4. write the target's version row. Scratch databases are dropped in every case.
import type { Client } from "pg";
import { connectClient } from "../pg/with-client";
import { acquireMigrationLock, releaseMigrationLock } from "../apply/advisory-lock";
import { executePlan, type ExecuteOptions } from "../apply/execute-plan";
import {
  checkStoredBackup,
  createBackupTarget,
  restoreIntoScratchDatabase,
  type S3ConnectionOptions,
  type ScratchDatabase,
} from "../backup";
import { introspect } from "../introspect/introspect";
import { describeDifferences, sameSchema, schemaFingerprint } from "../model";
import type { SchemaModel } from "../model/model";
import { restrictToDeclared } from "../model/objects";
import { alignAccess } from "../model/access";
import { buildPlan, planChanges } from "../plan/plan-changes";
import type { Plan } from "../plan/step";
import { writeVersionRow, type VersionTable } from "../verify/version-table";
import { quoteQualified } from "../sql/quote";
import {
  copyColumnValues,
  copyTableRows,
  resetIdentity,
  restoreSequencePosition,
  tableColumns,
} from "./copy-data";
import {
  planRollback,
  unionScope,
  type DataRestore,
  type DumpRef,
  type LaterVersion,
  type RollbackPlan,
} from "./plan-rollback";

/** Stops a rollback before it changed anything. */
export class RollbackRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`rollback stopped before changing anything:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RollbackRefusedError";
  }
}

/** A rollback that failed after it started changing the database. */
export class RollbackFailedError extends Error {
  constructor(
    message: string,
    readonly phase: string,
  ) {
    super(message);
    this.name = "RollbackFailedError";
  }
}

export type RollbackEvent =
  | { type: "dump-checked"; dump: DumpRef }
  | { type: "scratch-restored"; dump: DumpRef; database: string }
  | { type: "ddl"; phase: "relax" | "finish"; description: string; ms: number }
  | { type: "data"; restore: DataRestore; rows: number }
  | { type: "version-row"; version: string };

export interface RunRollbackOptions {
  databaseUrl: string;
  /** Where scratch databases are created (default: the live database's server, needs CREATEDB). */
  scratchServerUrl?: string;
  /** Write this row when done (the target's version and fingerprint). */
  versionRow?: { version: string; fingerprint: string; stack: string; table: VersionTable };
  budget?: ExecuteOptions["budget"];
  advisoryLockTimeoutMs?: number;
  onEvent?: (event: RollbackEvent) => void;
}

function connect(url: string): Promise<Client> {
  return connectClient(url, { applicationName: "schemastack-rollback" });
}

/** Introspects the database and plans the rollback (no change). */
export async function prepareRollback(
  databaseUrl: string,
  declared: SchemaModel,
  later: readonly LaterVersion[],
): Promise<RollbackPlan> {
  const client = await connect(databaseUrl);
  try {
    const scope = unionScope([declared, ...later.map((l) => l.desired)]);
    const live = await introspect(client, { schemas: scope.schemas });
    return planRollback(live, declared, { later });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function s3Options(dump: DumpRef): S3ConnectionOptions | undefined {
  if (dump.target.kind !== "s3") return undefined;
  const { endpoint, region, forcePathStyle, credentials } = dump.target;
  return { endpoint, region, forcePathStyle, credentials };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Checks and restores every dump the plan needs into scratch databases; nothing live changes. */
async function openDumps(
  plan: RollbackPlan,
  options: RunRollbackOptions,
): Promise<Map<string, ScratchDatabase>> {
  const scratches = new Map<string, ScratchDatabase>();
  const problems: string[] = [];
  try {
    for (const r of plan.restores) {
      const dump = r.dump!;
      if (scratches.has(dump.uri)) continue;
      try {
        const target = createBackupTarget(dump.target);
        try {
          await checkStoredBackup(target, dump.key, false);
        } finally {
          target.close();
        }
        options.onEvent?.({ type: "dump-checked", dump });
        const scratch = await restoreIntoScratchDatabase({
          from: dump.uri,
          serverUrl: options.scratchServerUrl ?? options.databaseUrl,
          namePrefix: "schemastack_rollback",
          noOwner: true,
          s3: s3Options(dump),
          progress: false,
        });
        scratches.set(dump.uri, scratch);
        options.onEvent?.({ type: "scratch-restored", dump, database: scratch.name });
      } catch (e) {
        problems.push(`the dump ${dump.uri} (needed because ${r.reason}) failed verification: ${message(e)}`);
        break;
      }
    }
    if (problems.length === 0) {
      for (const r of plan.restores) {
        const scratch = scratches.get(r.dump!.uri)!;
        const client = await connect(scratch.url);
        try {
          if (r.kind === "sequence") {
            const found = await client.query<{ ok: boolean }>(
              "select pg_catalog.to_regclass($1) is not null as ok",
              [quoteQualified(r.schema, r.sequence)],
            );
            if (!found.rows[0]?.ok)
              problems.push(
                `${r.reason}, but the dump ${r.dump!.uri} has no sequence ${r.schema}.${r.sequence}`,
              );
            continue;
          }
          const columns = await tableColumns(client, r.schema, r.table);
          const wanted = r.kind === "table" ? r.columns : [...r.key, r.column];
          if (!columns)
            problems.push(`${r.reason}, but the dump ${r.dump!.uri} has no table ${r.schema}.${r.table}`);
          else if (r.kind === "column") {
            const missing = wanted.filter((c) => !columns.includes(c));
            if (missing.length)
              problems.push(
                `${r.reason}, but in the dump ${r.dump!.uri} the table lacks ${missing.join(", ")}`,
              );
          }
        } finally {
          await client.end().catch(() => undefined);
        }
      }
    }
  } catch (e) {
    problems.push(message(e));
  }
  if (problems.length) {
    await Promise.all([...scratches.values()].map((s) => s.drop().catch(() => undefined)));
    throw new RollbackRefusedError(problems);
  }
  return scratches;
}

/** Runs the rollback; see the file comment. */
export async function runRollback(plan: RollbackPlan, options: RunRollbackOptions): Promise<void> {
  if (plan.blockers.length) throw new RollbackRefusedError(plan.blockers);
  const scratches = await openDumps(plan, options);
  let client: Client | undefined;
  let locked = false;
  try {
    client = await connect(options.databaseUrl);
    await acquireMigrationLock(client, options.advisoryLockTimeoutMs ?? 10 * 60_000);
    locked = true;
    const scopeModel = unionScope([plan.scope, plan.target]);
    const inspect = async () => {
      const live = await introspect(client!, { schemas: scopeModel.schemas });
      return { ...live, model: restrictToDeclared(live.model, scopeModel) };
    };
    const now = await inspect();
    const replanned = buildPlan(now, plan.relaxed, {
      allowDataLoss: true,
      undoMigrations: plan.undoMigrations,
    });
    if (
      JSON.stringify(replanned.steps.map((s) => s.sql)) !== JSON.stringify(plan.plan.steps.map((s) => s.sql))
    ) {
      throw new RollbackRefusedError([
        "the database changed between planning and running the rollback: run it again to see the new plan",
      ]);
    }
    const run = async (phase: "relax" | "finish", p: Plan) => {
      try {
        await executePlan(client!, p, {
          budget: options.budget,
          onEvent: (e) => {
            if (e.type === "done")
              options.onEvent?.({ type: "ddl", phase, description: e.step.description, ms: e.ms });
          },
        });
      } catch (e) {
        throw new RollbackFailedError(`rollback DDL (${phase}) failed: ${message(e)}`, phase);
      }
    };
    await run("relax", plan.plan);

    if (plan.restores.length) {
      await client.query("begin");
      try {
        for (const r of plan.restores) {
          const scratch = scratches.get(r.dump!.uri)!;
          const source = await connect(scratch.url);
          try {
            let rows: number;
            if (r.kind === "sequence") {
              await restoreSequencePosition(source, client, r.schema, r.sequence);
              rows = 1;
            } else if (r.kind === "table") {
              const available = (await tableColumns(source, r.schema, r.table)) ?? [];
              const columns = r.columns.filter((c) => available.includes(c));
              const table = plan.target.tables.find((t) => t.schema === r.schema && t.name === r.table);
              const identity = (table?.columns ?? []).filter(
                (c) => c.identity !== null && columns.includes(c.name),
              );
              rows = await copyTableRows(source, client, {
                schema: r.schema,
                table: r.table,
                columns,
                identityAlways: identity.some((c) => c.identity === "always"),
              });
              for (const c of identity) await resetIdentity(client, r.schema, r.table, c.name);
            } else {
              rows = await copyColumnValues(source, client, {
                schema: r.schema,
                table: r.table,
                key: r.key,
                columns: [r.column],
              });
            }
            options.onEvent?.({ type: "data", restore: r, rows });
          } finally {
            await source.end().catch(() => undefined);
          }
        }
        await client.query("commit");
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        throw new RollbackFailedError(
          `copying data back failed (the copy was undone; the schema is at the intermediate step): ${message(e)}`,
          "data",
        );
      }
    }

    const finish = planChanges(await inspect(), plan.target, { allowDataLoss: false });
    await run("finish", finish);

    const after = await inspect();
    const live = alignAccess(restrictToDeclared(after.model, plan.declared), plan.declared, after.access);
    if (!sameSchema(live, plan.declared)) {
      throw new RollbackFailedError(
        `after the rollback the database still differs from version ${plan.declared.version ?? "?"}:\n  ${describeDifferences(live, plan.declared).join("\n  ")}`,
        "verify",
      );
    }
    if (options.versionRow) {
      await writeVersionRow(client, options.versionRow, options.versionRow.table);
      options.onEvent?.({ type: "version-row", version: options.versionRow.version });
    }
  } finally {
    if (client) {
      if (locked) await releaseMigrationLock(client).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
    await Promise.all([...scratches.values()].map((s) => s.drop().catch(() => undefined)));
  }
}

/** The fingerprint the database will have after the rollback (the target declaration's). */
export function targetFingerprint(plan: RollbackPlan): string {
  return schemaFingerprint(plan.declared);
}
