// Privileges (GRANT/REVOKE), default privileges (ALTER DEFAULT PRIVILEGES) and ownership: the model
// types, declaration -> model, and validation of this kind. Each access-control property is
// managed on an object only when the object declares it (`grants`, `owner`); then it is exact:
// live grants the declaration does not list are revoked. An object that does not declare it keeps
// whatever the database has (so existing stacks never start revoking grants made by hand).
import type { ValidationIssue } from "./errors";

/** Postgres truncates identifiers to 63 bytes (validate.ts refuses longer names the same way). */
const maxIdentifierBytes = 63;

/** What a GRANT can name. Sequences and functions are listed for default privileges. */
export type GrantTargetKind = "schema" | "table" | "column" | "type" | "sequence" | "function";

/** Every privilege of a kind, in the order Postgres prints them (GRANT ALL grants these). */
export const privilegesOf: Record<GrantTargetKind, readonly string[]> = {
  table: ["select", "insert", "update", "delete", "truncate", "references", "trigger"],
  column: ["select", "insert", "update", "references"],
  schema: ["usage", "create"],
  type: ["usage"],
  sequence: ["usage", "select", "update"],
  function: ["execute"],
};

/** Privileges Postgres gives PUBLIC on a new object of the kind (acldefault). */
export const publicDefaults: Partial<Record<GrantTargetKind, readonly string[]>> = {
  type: ["usage"],
  function: ["execute"],
};

/** Privileges PUBLIC (every role, including roles created later) may be granted: read-only ones. */
const publicAllowed = new Set(["select", "usage", "execute"]);

/** The grantee that means every role. */
export const PUBLIC = "PUBLIC";

/** One grantee's privileges: sorted as in `privilegesOf`; `grantOption` is a subset of `privileges`. */
export interface PrivilegeSet {
  privileges: string[];
  grantOption: string[];
}

/** Grantee (a role name, or "PUBLIC") -> privileges. Grantees without privileges are left out. */
export type GrantMap = Record<string, PrivilegeSet>;

/** An object's owner and grants (core/model/object-acl.ts); each absent when not declared: not managed. */
export interface ObjectAccess {
  owner?: string;
  grants?: GrantMap;
}

/** The owner and grants any object with an ACL may declare (object-acl.ts lists the kinds). */
export interface AccessDeclaration {
  /** Owner role; absent: left as it is. */
  owner?: string;
  /** Privileges by grantee; exact when declared. */
  grants?: GrantsDeclaration;
}

/** The declaration keys of AccessDeclaration (for the spec's misspelt-key check). */
export const accessDeclarationKeys = ["owner", "grants"];

/** `["select", "insert"]`, or `{ privileges: ["all"], grantOption: true }`. */
export type PrivilegeListDeclaration = string[] | { privileges: string[]; grantOption?: boolean };

/** Grantee -> privileges, e.g. `{ app_rw: ["select", "insert", "update"], reporting: ["select"] }`. */
export type GrantsDeclaration = Record<string, PrivilegeListDeclaration>;

export const defaultPrivilegeObjects = ["tables", "sequences", "functions", "types"] as const;
export type DefaultPrivilegeObjects = (typeof defaultPrivilegeObjects)[number];
const defaultObjectKind: Record<DefaultPrivilegeObjects, GrantTargetKind> = {
  tables: "table",
  sequences: "sequence",
  functions: "function",
  types: "type",
};

/**
 * Per schema: the role whose new objects get the privileges (ALTER DEFAULT PRIVILEGES FOR ROLE) ->
 * object kind -> grants, e.g. `{ app_owner: { tables: { reporting: ["select"] } } }`.
 */
export type DefaultPrivilegesDeclaration = Record<
  string,
  Partial<Record<DefaultPrivilegeObjects, GrantsDeclaration>>
>;

export interface DefaultPrivilegeModel {
  /** The role whose future objects get the grants. */
  role: string;
  objects: DefaultPrivilegeObjects;
  grants: GrantMap;
}

/** A schema's own access control; each property undefined when the schema does not declare it. */
export interface SchemaAccessModel {
  schema: string;
  owner?: string;
  grants?: GrantMap;
  /** Exact for the schema when declared: every live default ACL in it not listed is revoked. */
  defaultPrivileges?: DefaultPrivilegeModel[];
}

/** Role names Postgres reserves (they name pseudo-roles in GRANT and policies). */
const reservedRoleNames = new Set(["public", "none", "current_user", "session_user", "current_role"]);

/** Problems of a role name used as `what` (an owner, a grantee, a policy role...), or null. */
export function roleNameProblem(name: unknown, allowPublic: boolean): string | null {
  if (typeof name !== "string") return `must be a role name (a string), not ${JSON.stringify(name)}`;
  if (name.length === 0) return "empty role name";
  if (name.includes("\u0000")) return `role name ${JSON.stringify(name)} contains a NUL byte`;
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > maxIdentifierBytes)
    return `role name "${name}" is ${bytes} bytes, over Postgres' limit of ${maxIdentifierBytes}`;
  if (name === PUBLIC) return allowPublic ? null : "PUBLIC is not a role here: name a role";
  if (reservedRoleNames.has(name.toLowerCase()))
    return `"${name}" is a reserved role name${allowPublic ? ' (write "PUBLIC" for every role)' : ""}`;
  return null;
}

export function checkRoleName(
  issues: ValidationIssue[],
  path: string,
  what: string,
  name: unknown,
  allowPublic = false,
): void {
  const problem = roleNameProblem(name, allowPublic);
  if (problem) issues.push({ path, message: `${what}: ${problem}` });
}

const order = (kind: GrantTargetKind) => (a: string, b: string) =>
  privilegesOf[kind].indexOf(a) - privilegesOf[kind].indexOf(b);

/** A normalised privilege set (sorted, unique). */
export function privilegeSet(
  kind: GrantTargetKind,
  privileges: string[],
  grantOption: string[],
): PrivilegeSet {
  const sort = (xs: string[]) => [...new Set(xs)].sort(order(kind));
  return {
    privileges: sort(privileges),
    grantOption: sort(grantOption.filter((p) => privileges.includes(p))),
  };
}

/**
 * Declaration -> GrantMap, reporting unknown privileges, bad grantees and grants to PUBLIC that
 * go beyond reading. For types (and functions), PUBLIC keeps its default USAGE (EXECUTE) unless
 * the declaration names PUBLIC itself (`PUBLIC: []` revokes it).
 */
export function grantsFromDeclaration(
  kind: GrantTargetKind,
  declared: GrantsDeclaration,
  path: string,
  issues: ValidationIssue[],
): GrantMap {
  const out: GrantMap = {};
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) {
    issues.push({ path, message: "grants must be an object: grantee -> list of privileges" });
    return out;
  }
  const all = privilegesOf[kind];
  for (const [granteeIn, list] of Object.entries(declared)) {
    const grantee = granteeIn.toLowerCase() === "public" ? PUBLIC : granteeIn;
    const where = `${path}, grants "${granteeIn}"`;
    checkRoleName(issues, where, "grantee", grantee, true);
    const names = Array.isArray(list) ? list : list?.privileges;
    const grantOption = !Array.isArray(list) && list?.grantOption === true;
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
      issues.push({
        path: where,
        message: "must be a list of privileges, or { privileges: [...], grantOption: true }",
      });
      continue;
    }
    const privileges: string[] = [];
    for (const raw of names) {
      const p = raw.toLowerCase().trim();
      if (p === "all" || p === "all privileges") privileges.push(...all);
      else if (all.includes(p)) privileges.push(p);
      else
        issues.push({
          path: where,
          message: `unknown privilege "${raw}" for a ${kind} (one of ${all.join(", ")}, or all)`,
        });
    }
    if (grantee === PUBLIC) {
      if (names.some((n) => ["all", "all privileges"].includes(n.toLowerCase().trim())) && all.length > 1)
        issues.push({
          path: where,
          message: `refusing to grant every privilege to PUBLIC (every role, including roles created later); grant to a role instead`,
        });
      else {
        const risky = privileges.filter((p) => !publicAllowed.has(p));
        if (risky.length)
          issues.push({
            path: where,
            message: `refusing to grant ${risky.join(", ")} to PUBLIC (every role, including roles created later): PUBLIC may get only ${[...publicAllowed].join(", ")}; grant to a role instead`,
          });
      }
      if (grantOption) issues.push({ path: where, message: "PUBLIC cannot get the grant option" });
    }
    if (privileges.length === 0) continue;
    out[grantee] = privilegeSet(kind, privileges, grantOption ? privileges : []);
  }
  const defaults = publicDefaults[kind];
  if (defaults && !Object.keys(declared).some((g) => g.toLowerCase() === "public"))
    out[PUBLIC] = privilegeSet(kind, [...defaults], []);
  if (out[PUBLIC] && out[PUBLIC].privileges.length === 0) delete out[PUBLIC];
  return out;
}

/** GrantMap -> the declaration `inspect` prints (the kind's PUBLIC default left implicit). */
export function grantsToDeclaration(kind: GrantTargetKind, grants: GrantMap): GrantsDeclaration {
  const out: GrantsDeclaration = {};
  for (const grantee of Object.keys(grants).sort()) {
    const set = grants[grantee];
    const isAll = set.privileges.length === privilegesOf[kind].length && privilegesOf[kind].length > 1;
    const privileges = isAll ? ["all"] : [...set.privileges];
    const fullOption = set.grantOption.length === set.privileges.length && set.grantOption.length > 0;
    if (fullOption) out[grantee] = { privileges, grantOption: true };
    else if (set.grantOption.length === 0) out[grantee] = privileges;
    else {
      // A mixed set cannot be written as one entry; the plain list plus a note is the honest form.
      out[grantee] = { privileges: [...set.grantOption], grantOption: true };
    }
  }
  const defaults = publicDefaults[kind];
  if (defaults) {
    const pub = grants[PUBLIC];
    const isDefault =
      pub && pub.grantOption.length === 0 && pub.privileges.join(",") === [...defaults].join(",");
    if (isDefault) delete out[PUBLIC];
    else if (!pub) out[PUBLIC] = [];
  }
  return out;
}

/** An object's owner and grants as `inspect` prints them (each left out when not managed). */
export function accessToDeclaration(kind: GrantTargetKind, o: ObjectAccess): AccessDeclaration {
  return {
    ...(o.owner !== undefined ? { owner: o.owner } : {}),
    ...(o.grants !== undefined ? { grants: grantsToDeclaration(kind, o.grants) } : {}),
  };
}

export function defaultPrivilegesFromDeclaration(
  declared: DefaultPrivilegesDeclaration,
  path: string,
  issues: ValidationIssue[],
): DefaultPrivilegeModel[] {
  const out: DefaultPrivilegeModel[] = [];
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) {
    issues.push({ path, message: "defaultPrivileges must be an object: role -> { tables: {...}, ... }" });
    return out;
  }
  for (const [role, byObjects] of Object.entries(declared)) {
    const where = `${path}, default privileges for role "${role}"`;
    checkRoleName(issues, where, "role", role);
    if (typeof byObjects !== "object" || byObjects === null || Array.isArray(byObjects)) {
      issues.push({ path: where, message: `must be an object with ${defaultPrivilegeObjects.join(", ")}` });
      continue;
    }
    for (const [objects, grants] of Object.entries(byObjects)) {
      if (!defaultPrivilegeObjects.includes(objects as DefaultPrivilegeObjects)) {
        issues.push({
          path: where,
          message: `unknown object kind "${objects}" (one of ${defaultPrivilegeObjects.join(", ")})`,
        });
        continue;
      }
      const kind = defaultObjectKind[objects as DefaultPrivilegeObjects];
      const map = grantsFromDeclaration(kind, grants as GrantsDeclaration, `${where}, ${objects}`, issues);
      // Default privileges hold only what is granted beyond the defaults: no implicit PUBLIC entry.
      const explicitPublic = Object.keys(grants ?? {}).some((g) => g.toLowerCase() === "public");
      if (!explicitPublic) delete map[PUBLIC];
      out.push({ role, objects: objects as DefaultPrivilegeObjects, grants: map });
    }
  }
  return sortDefaultPrivileges(out.filter((d) => Object.keys(d.grants).length > 0));
}

export function sortDefaultPrivileges(list: DefaultPrivilegeModel[]): DefaultPrivilegeModel[] {
  const key = (d: DefaultPrivilegeModel) => `${d.role}\u0000${d.objects}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function defaultPrivilegesToDeclaration(list: DefaultPrivilegeModel[]): DefaultPrivilegesDeclaration {
  const out: DefaultPrivilegesDeclaration = {};
  for (const d of sortDefaultPrivileges(list)) {
    const grants = grantsToDeclaration(defaultObjectKind[d.objects], d.grants);
    if (!d.grants[PUBLIC]) delete grants[PUBLIC];
    (out[d.role] ??= {})[d.objects] = grants;
  }
  return out;
}

/** Same privileges? (canonical comparison of two maps; undefined = not managed) */
export function sameGrants(a: GrantMap | undefined, b: GrantMap | undefined): boolean {
  return JSON.stringify(sortedGrants(a ?? {})) === JSON.stringify(sortedGrants(b ?? {}));
}

export function sortedGrants(grants: GrantMap): GrantMap {
  const out: GrantMap = {};
  for (const k of Object.keys(grants).sort())
    out[k] = { privileges: [...grants[k].privileges], grantOption: [...grants[k].grantOption] };
  return out;
}

/** Every role an ACL map names (PUBLIC excluded). */
export function granteesOf(grants: GrantMap | undefined): string[] {
  return Object.keys(grants ?? {}).filter((g) => g !== PUBLIC);
}

export { defaultObjectKind };
