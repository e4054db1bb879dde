// Runs plan steps: per-step timeouts, one transaction per group, retries on lock timeout with
// backoff, cleanup of INVALID indexes after failed concurrent builds.
import type { Queryable } from "../introspect/queryable";
import type { Plan, PlanStep } from "../plan/step";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { BlockingSession, LockTimeoutError, StepFailedError } from "./errors";
import { LockBudget, backoffDelay, defaultLockBudget } from "./lock-budget";
import { type BackfillProgress, checkDataMoves, runBackfill } from "./backfill";

export type StepEvent =
  | { type: "start"; step: PlanStep; attempt: number }
  /**
   * lockWaitMs: time this step's group lost before the attempt that succeeded (lock timeouts plus
   * backoff), so a rehearsal can report lock waits per step.
   */
  | { type: "done"; step: PlanStep; ms: number; lockWaitMs: number }
  | { type: "retry"; step: PlanStep; attempt: number; delayMs: number; blockers: BlockingSession[] }
  | { type: "cleanup"; step: PlanStep; sql: string }
  | BackfillProgress;

export interface ExecuteOptions {
  budget?: Partial<LockBudget>;
  onEvent?: (event: StepEvent) => void;
}

const lockNotAvailable = "55P03";

/** Consecutive transactional steps of one group form a unit; every non-transactional step is alone. */
export function groupSteps(steps: readonly PlanStep[]): PlanStep[][] {
  const groups: PlanStep[][] = [];
  for (const step of steps) {
    const last = groups[groups.length - 1];
    if (last && step.transactional && last[0].transactional && last[0].group === step.group) last.push(step);
    else groups.push([step]);
  }
  return groups;
}

async function setTimeouts(client: Queryable, budget: LockBudget, local: boolean): Promise<void> {
  await client.query(
    "select pg_catalog.set_config('lock_timeout', $1, $3), pg_catalog.set_config('statement_timeout', $2, $3)",
    [`${budget.lockTimeoutMs}ms`, `${budget.statementTimeoutMs}ms`, local],
  );
}

/** Sessions holding a granted lock on the step's table right after we timed out waiting for it. */
export async function findBlockers(client: Queryable, step: PlanStep): Promise<BlockingSession[]> {
  if (!step.lockTarget) return [];
  const dot = step.lockTarget.indexOf(".");
  const relation = quoteQualified(step.lockTarget.slice(0, dot), step.lockTarget.slice(dot + 1));
  const { rows } = await client.query<{
    pid: number;
    state: string | null;
    query: string | null;
    application_name: string | null;
  }>(
    `select distinct a.pid, a.state, a.query, a.application_name
     from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
     where l.granted and l.relation = pg_catalog.to_regclass($1) and l.pid <> pg_catalog.pg_backend_pid()
     order by a.pid`,
    [relation],
  );
  return rows.map((r) => ({
    pid: r.pid,
    state: r.state,
    query: r.query,
    applicationName: r.application_name,
  }));
}

async function cleanupAfterFailure(
  client: Queryable,
  step: PlanStep,
  onEvent?: ExecuteOptions["onEvent"],
): Promise<void> {
  const invalid = step.onFailure?.dropInvalidIndex;
  if (!invalid) return;
  const { rows } = await client.query<{ invalid: boolean }>(
    `select not i.indisvalid as invalid from pg_catalog.pg_index i
     join pg_catalog.pg_class c on c.oid = i.indexrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relname = $2`,
    [invalid.schema, invalid.name],
  );
  if (!rows[0]?.invalid) return;
  const sql = `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(invalid.schema, invalid.name)}`;
  onEvent?.({ type: "cleanup", step, sql });
  await client.query(sql);
}

async function runGroup(
  client: Queryable,
  group: PlanStep[],
  budget: LockBudget,
  onEvent?: ExecuteOptions["onEvent"],
  lockWaitMs = 0,
) {
  const transactional = group[0].transactional;
  if (transactional) {
    await client.query("begin");
    await setTimeouts(client, budget, true);
  } else {
    await setTimeouts(client, budget, false);
  }
  let current = group[0];
  try {
    for (const step of group) {
      current = step;
      const started = Date.now();
      await client.query(step.sql);
      onEvent?.({ type: "done", step, ms: Date.now() - started, lockWaitMs });
    }
    if (transactional) await client.query("commit");
  } catch (e) {
    if (transactional) await client.query("rollback").catch(() => undefined);
    else await cleanupAfterFailure(client, current, onEvent).catch(() => undefined);
    throw Object.assign(e as Error, { failedStep: current });
  }
}

/** `ALTER TABLE ... DROP CONSTRAINT` undoing a step that added a constraint NOT VALID, if it is one. */
function dropOfNotValidConstraint(step: PlanStep): string | undefined {
  if (!/\bNOT VALID$/.test(step.sql) || !step.lockTarget) return undefined;
  const prefix = `constraint:${step.lockTarget}.`;
  if (!step.objectKey.startsWith(prefix)) return undefined;
  const dot = step.lockTarget.indexOf(".");
  const table = quoteQualified(step.lockTarget.slice(0, dot), step.lockTarget.slice(dot + 1));
  return `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${quoteIdent(step.objectKey.slice(prefix.length))}`;
}

/** Executes the steps in order. Each group commits on its own, so a re-plan after a failure resumes. */
export async function executePlan(
  client: Queryable,
  plan: Plan,
  options: ExecuteOptions = {},
): Promise<number> {
  const budget = { ...defaultLockBudget, ...options.budget };
  let executed = 0;
  // Constraints this run added NOT VALID, by object key: if their VALIDATE fails (existing rows
  // violate them), drop them again so a refused change leaves the schema as it found it.
  const addedNotValid = new Map<string, string>();
  try {
    // Backfills and USING conversions are tried on the live rows first: a failure changes nothing.
    await checkDataMoves(client, plan, budget);
    for (const group of groupSteps(plan.steps)) {
      const groupStarted = Date.now();
      if (group[0].backfill) {
        options.onEvent?.({ type: "start", step: group[0], attempt: 1 });
        await runBackfill(client, group[0], { ...options, budget });
        options.onEvent?.({ type: "done", step: group[0], ms: Date.now() - groupStarted, lockWaitMs: 0 });
        executed += 1;
        continue;
      }
      let waitedMs = 0;
      for (let attempt = 1; ; attempt++) {
        options.onEvent?.({ type: "start", step: group[0], attempt });
        try {
          await runGroup(client, group, budget, options.onEvent, waitedMs);
          for (const step of group) {
            const drop = dropOfNotValidConstraint(step);
            if (drop) addedNotValid.set(step.objectKey, drop);
          }
          break;
        } catch (e) {
          const err = e as Error & { code?: string; failedStep?: PlanStep };
          const step = err.failedStep ?? group[0];
          const undo = addedNotValid.get(step.objectKey);
          if (undo && err.code !== lockNotAvailable && /\bVALIDATE CONSTRAINT\b/.test(step.sql)) {
            options.onEvent?.({ type: "cleanup", step, sql: undo });
            await client.query(undo).catch(() => undefined);
          }
          if (err.code !== lockNotAvailable) throw new StepFailedError(step, err);
          const blockers = await findBlockers(client, step).catch(() => []);
          if (attempt > budget.retries) throw new LockTimeoutError(step, attempt, blockers);
          const delayMs = backoffDelay(budget, attempt);
          options.onEvent?.({ type: "retry", step, attempt, delayMs, blockers });
          await new Promise((r) => setTimeout(r, delayMs));
          waitedMs = Date.now() - groupStarted;
        }
      }
      executed += group.length;
    }
  } finally {
    await client
      .query(
        "select pg_catalog.set_config('lock_timeout', '0', false), pg_catalog.set_config('statement_timeout', '0', false)",
      )
      .catch(() => undefined);
  }
  return executed;
}
