// Sessions a killed run left on a server. A backend whose client was SIGKILLed lives on until its
// current statement ends (a DDL waiting for a lock, an index build, a long render), holding its
// locks and the migration advisory lock. Every schemastack session names its run in
// application_name (core/pg/with-client.ts), so a later run can end the ones whose run is dead.
import type { Queryable } from "../introspect/queryable";
import { describeOwner, ownerState, parseOwner } from "./run-owner";

/** Ends this server's schemastack sessions whose run is dead; returns what it said about each. */
export async function endDeadRunSessions(client: Queryable): Promise<string[]> {
  const { rows } = await client.query<{ pid: number; app: string; datname: string | null }>(
    `select pid, application_name as app, datname from pg_catalog.pg_stat_activity
      where application_name like 'schemastack%' and pid <> pg_catalog.pg_backend_pid()`,
  );
  const notices: string[] = [];
  for (const r of rows) {
    const owner = parseOwner(r.app.slice(r.app.lastIndexOf(" ") + 1));
    if (!owner || ownerState(owner) !== "dead") continue;
    const { rows: ended } = await client
      .query<{ ok: boolean }>("select pg_catalog.pg_terminate_backend($1) as ok", [r.pid])
      .catch(() => ({ rows: [{ ok: false }] }));
    if (ended[0]?.ok)
      notices.push(
        `ended session ${r.pid} on database ${r.datname ?? "?"} left by ${describeOwner(owner)}, which is no longer running`,
      );
  }
  return notices;
}
