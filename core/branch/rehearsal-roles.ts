// Roles are cluster-wide, and a rehearsal branch made with CREATE DATABASE ... TEMPLATE (or a
// dump restored on the same server) shares its cluster with the parent: the declared roles the
// rehearsal creates would outlive the branch and show up on prod's cluster before prod ever applied
// them. So the rehearsal notes the roles that exist before it applies anything and, once done
// (passed or failed), drops the declared roles it created, in the branch itself: DROP OWNED BY
// there (the branch is thrown away next, so what they own or were granted in it can go) and then
// DROP ROLE. Roles that existed before are never touched. On a branch that is a cluster of its own
// (pg_basebackup, Neon) this is the same work on roles that would vanish anyway.
import type { Queryable } from "../introspect/queryable";
import { quoteIdent } from "../sql/quote";

/** Every role name of the branch's cluster, before the rehearsal changes anything. */
export async function rolesBeforeRehearsal(client: Queryable): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    "select rolname::text as name from pg_catalog.pg_roles",
  );
  return new Set(rows.map((r) => r.name));
}

export interface RehearsalRolesCleanup {
  dropped: string[];
  /** Roles the rehearsal created and could not drop, each with the reason (for a warning). */
  left: Array<{ role: string; reason: string }>;
}

/** Drops the declared roles that did not exist before the rehearsal and do now (see above). */
export async function dropRehearsalRoles(
  client: Queryable,
  declared: string[],
  before: Set<string>,
): Promise<RehearsalRolesCleanup> {
  const out: RehearsalRolesCleanup = { dropped: [], left: [] };
  const candidates = declared.filter((r) => !before.has(r));
  if (!candidates.length) return out;
  const { rows } = await client.query<{ name: string }>(
    "select rolname::text as name from pg_catalog.pg_roles where rolname = any($1::text[]) order by 1",
    [candidates],
  );
  for (const { name } of rows) {
    try {
      await client.query(`DROP OWNED BY ${quoteIdent(name)}`);
      await client.query(`DROP ROLE ${quoteIdent(name)}`);
      out.dropped.push(name);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      out.left.push({ role: name, reason });
    }
  }
  return out;
}

/** The warning for roles a rehearsal could not drop. */
export function leftRolesWarning(left: RehearsalRolesCleanup["left"]): string {
  return (
    "rehearsal: created role(s) it could not drop afterwards (roles are cluster-wide; drop them by hand " +
    "if prod should not have them yet): " +
    left.map((l) => `"${l.role}" (${l.reason})`).join(", ")
  );
}
