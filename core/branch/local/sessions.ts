// Other sessions on a database: what blocks CREATE DATABASE ... TEMPLATE, named so the user can act.
import { Client } from "pg";

export interface Session {
  pid: number;
  user: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
}

/** Sessions connected to `database`, except the caller's own. */
export async function sessionsOn(client: Client, database: string): Promise<Session[]> {
  const result = await client.query<Session>(
    `select pid, usename as "user", application_name as application,
            host(client_addr) as client, state
       from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()
      order by pid`,
    [database],
  );
  return result.rows;
}

export function describeSessions(sessions: Session[]): string {
  return sessions
    .map((s) => {
      const parts = [
        s.user ? `user ${s.user}` : undefined,
        s.application ? `application "${s.application}"` : undefined,
        `from ${s.client ?? "local socket"}`,
        s.state ?? undefined,
      ].filter((p): p is string => p !== undefined);
      return `pid ${s.pid} (${parts.join(", ")})`;
    })
    .join("; ");
}

/** Ends every other session on `database`; returns how many were signalled. */
export async function terminateSessions(client: Client, database: string): Promise<number> {
  const result = await client.query<{ ended: boolean }>(
    "select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  return result.rows.filter((r) => r.ended).length;
}

/** Waits (bounded) until no other session is connected to `database`. */
export async function waitUntilIdle(client: Client, database: string, timeoutMs: number): Promise<Session[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await sessionsOn(client, database);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
