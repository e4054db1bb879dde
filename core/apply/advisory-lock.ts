import type { Queryable } from "../introspect/queryable";
import { endDeadRunSessions } from "../lifecycle/dead-run-sessions";
import { AdvisoryLockTimeoutError } from "./errors";

/** Fixed two-key advisory lock id: ("schemastack" as int4, 1 = schema changes). Session-level. */
const lockClass = 0x5c4e3a01;
const lockObject = 1;

/** Waits for the database-wide migration lock so two runs on one database serialise. */
export async function acquireMigrationLock(
  client: Queryable,
  timeoutMs: number,
  onWait?: () => void,
  pollMs = 200,
  onNotice: (message: string) => void = (m) => process.stderr.write(`schemastack: ${m}\n`),
): Promise<void> {
  const started = Date.now();
  let warned = false;
  for (;;) {
    const { rows } = await client.query<{ ok: boolean }>(
      "select pg_catalog.pg_try_advisory_lock($1, $2) as ok",
      [lockClass, lockObject],
    );
    if (rows[0]?.ok) return;
    if (!warned) {
      warned = true;
      // The holder may be a killed run's backend still finishing its statement: end it, say so,
      // and try again at once instead of waiting for that statement.
      const ended = await endDeadRunSessions(client).catch(() => []);
      ended.forEach(onNotice);
      if (ended.length) continue;
      onWait?.();
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new AdvisoryLockTimeoutError(waited);
    await new Promise((r) => setTimeout(r, Math.min(pollMs, timeoutMs - waited)));
  }
}

export async function releaseMigrationLock(client: Queryable): Promise<void> {
  await client.query("select pg_catalog.pg_advisory_unlock($1, $2)", [lockClass, lockObject]);
}
