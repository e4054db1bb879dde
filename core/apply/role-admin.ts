// What a Role resource does outside the plan: set a login role's password and drop a role the
// program no longer declares. The password never reaches the server or any message in plain
// text: it is sent as a SCRAM-SHA-256 verifier computed here (RFC 5803 form, which Postgres stores
// as given), so statement logs and error messages cannot show it. A role is dropped only when it
// owns nothing and holds no privilege anywhere in the cluster (pg_shdepend covers every database);
// otherwise the drop is refused, naming where.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";
import type { Queryable } from "../introspect/queryable";
import { quoteIdent, quoteLiteral } from "../sql/quote";

/** SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, as Postgres' own client libraries make it. */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** A failure that says what failed and Postgres' reason, never the statement (it holds the verifier). */
export class RoleAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RoleAdminError";
  }
}

const reasonOf = (e: unknown) => {
  const pg = e as { message?: string; code?: string };
  return `${pg.message ?? String(e)}${pg.code ? ` (SQLSTATE ${pg.code})` : ""}`;
};

export async function setRolePassword(client: Queryable, role: string, password: string): Promise<void> {
  try {
    await client.query(`ALTER ROLE ${quoteIdent(role)} PASSWORD ${quoteLiteral(scramVerifier(password))}`);
  } catch (e) {
    const hint =
      (e as { code?: string }).code === "42501" ? "; changing another role's password needs CREATEROLE" : "";
    throw new RoleAdminError(`setting the password of role "${role}" failed: ${reasonOf(e)}${hint}`);
  }
}

export interface RoleDependents {
  /** Database name ("" for cluster-wide objects: databases, tablespaces) -> objects owned. */
  owns: Record<string, number>;
  /** Database name -> objects the role holds privileges on (or default privileges name it). */
  privileges: Record<string, number>;
}

export async function roleDependents(client: Queryable, role: string): Promise<RoleDependents | null> {
  const exists = await client.query<{ n: number }>(
    "select count(*)::int as n from pg_catalog.pg_roles where rolname = $1",
    [role],
  );
  if (exists.rows[0].n === 0) return null;
  const { rows } = await client.query<{ database: string | null; deptype: string; n: number }>(
    `select d.datname as database, s.deptype, count(*)::int as n
     from pg_catalog.pg_shdepend s
     left join pg_catalog.pg_database d on d.oid = s.dbid
     where s.refclassid = 'pg_catalog.pg_authid'::regclass
       and s.refobjid = (select oid from pg_catalog.pg_roles where rolname = $1)
     group by 1, 2 order by 1, 2`,
    [role],
  );
  const out: RoleDependents = { owns: {}, privileges: {} };
  for (const r of rows) {
    const where = r.database ?? "";
    if (r.deptype === "o") out.owns[where] = (out.owns[where] ?? 0) + r.n;
    else out.privileges[where] = (out.privileges[where] ?? 0) + r.n;
  }
  return out;
}

/** Drops `role`, or refuses (RoleAdminError) while it owns objects or holds privileges anywhere. */
export async function dropRoleIfUnused(client: Queryable, role: string): Promise<"dropped" | "absent"> {
  const deps = await roleDependents(client, role);
  if (!deps) return "absent";
  const describe = (counts: Record<string, number>) =>
    Object.entries(counts).map(([db, n]) =>
      db ? `${n} in database "${db}"` : `${n} cluster-wide (databases, tablespaces)`,
    );
  const owns = describe(deps.owns);
  const privileges = describe(deps.privileges);
  if (owns.length || privileges.length) {
    throw new RoleAdminError(
      `refusing to drop role "${role}": roles are cluster-wide and this one is still in use` +
        (owns.length ? `; it owns objects: ${owns.join(", ")}` : "") +
        (privileges.length ? `; it holds privileges: ${privileges.join(", ")}` : "") +
        `. Reassign or drop them (REASSIGN OWNED BY ${quoteIdent(role)} TO ...; DROP OWNED BY ${quoteIdent(role)} in each database), or keep the role declared. Nothing was changed.`,
    );
  }
  try {
    await client.query(`DROP ROLE ${quoteIdent(role)}`);
  } catch (e) {
    const hint = (e as { code?: string }).code === "42501" ? "; dropping a role needs CREATEROLE" : "";
    throw new RoleAdminError(`dropping role "${role}" failed: ${reasonOf(e)}${hint}`);
  }
  return "dropped";
}
