// Access control as a whole: how the three kinds (privilege.ts, policy.ts, role.ts) hook into the
// shared model. Declarations -> model fields, cross-object validation, what introspection reads
// (LiveAccess, kept beside the model so comparisons of schemas that declare no access control are
// unchanged), and the alignment rule: a live property is compared only where the declaration
// declares it.
import type { NamespaceDeclaration, SchemaSpec } from "./declaration";
import { ValidationIssue, tableLabel } from "./errors";
import type { ColumnModel, SchemaModel, TableModel } from "./model";
import { AclKind, AclObject, aclKinds, aclObjects, mapObjectAccess, sameAclObject } from "./object-acl";
import {
  PolicyDeclaration,
  PolicyModel,
  RowLevelSecurityModel,
  policyFromDeclaration,
  rowLevelSecurityFromDeclaration,
  sortPolicies,
} from "./policy";
import {
  DefaultPrivilegeModel,
  GrantMap,
  GrantsDeclaration,
  PUBLIC,
  SchemaAccessModel,
  publicDefaults,
  sameGrants,
  type GrantTargetKind,
  checkRoleName,
  defaultPrivilegesFromDeclaration,
  granteesOf,
  grantsFromDeclaration,
  sortedGrants,
} from "./privilege";
import { Actor, RoleModel, roleFromDeclaration, roleIssues } from "./role";

/** What introspection reads about access control, for every object of the managed schemas. */
export interface LiveAccess {
  /** `schema.table` -> its access control; columns only when they have grants. */
  tables: Record<
    string,
    {
      owner: string;
      grants: GrantMap;
      rowLevelSecurity: RowLevelSecurityModel;
      policies: PolicyModel[];
      columns: Record<string, GrantMap>;
    }
  >;
  /**
   * Every other object with an ACL (object-acl.ts: enums, domains, composite types, sequences,
   * views, functions, procedures), by object key (`sequence:public.q`, `function:public.f(integer)`).
   */
  objects: Record<string, { owner: string; grants: GrantMap }>;
  schemas: Record<string, { owner: string; grants: GrantMap; defaultPrivileges: DefaultPrivilegeModel[] }>;
  /** Every role of the cluster that is not Postgres' own (pg_*). */
  roles: RoleModel[];
  /** The role introspection ran as. */
  currentUser: string;
  /** What that role may do (absent in models built without a catalog). */
  actor?: Actor;
}

/** Not a type guard on purpose: declarations keep their declared types after the check. */
const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses an object reference of the spec's top-level `grants`: `table:public.orders`, `column:public.orders.total`, `schema:app`, `type:public.mood`. */
function parseRef(ref: string): { kind: string; parts: string[] } {
  const colon = ref.indexOf(":");
  return { kind: colon > 0 ? ref.slice(0, colon) : "", parts: ref.slice(colon + 1).split(".") };
}

/**
 * Reads the access-control parts of a spec into `model` (tables, columns, enums, schemas, roles)
 * and reports declaration problems. Called once by modelFromSpecUnchecked after the tables exist.
 */
export function addAccessFromSpec(spec: SchemaSpec, model: SchemaModel, issues: ValidationIssue[]): void {
  const schemaAccess: SchemaAccessModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    if (!isObject(ns)) continue;
    const path = `schema "${schema}"`;
    const access: SchemaAccessModel = { schema };
    if (ns.owner !== undefined) {
      checkRoleName(issues, path, "owner", ns.owner);
      access.owner = ns.owner;
    }
    if (ns.grants !== undefined) access.grants = grantsFromDeclaration("schema", ns.grants, path, issues);
    if (ns.defaultPrivileges !== undefined)
      access.defaultPrivileges = defaultPrivilegesFromDeclaration(ns.defaultPrivileges, path, issues);
    if (Object.keys(access).length > 1) schemaAccess.push(access);
    for (const [name, decl] of Object.entries(ns.tables ?? {})) {
      const t = model.tables.find((x) => x.schema === schema && x.name === name);
      if (!t || !isObject(decl)) continue;
      const tpath = tableLabel(schema, name);
      if (decl.owner !== undefined) {
        checkRoleName(issues, tpath, "owner", decl.owner);
        t.owner = decl.owner;
      }
      if (decl.grants !== undefined) t.grants = grantsFromDeclaration("table", decl.grants, tpath, issues);
      if (decl.rowLevelSecurity !== undefined)
        t.rowLevelSecurity = rowLevelSecurityFromDeclaration(decl.rowLevelSecurity, tpath, issues);
      if (decl.policies !== undefined) {
        if (!isObject(decl.policies))
          issues.push({ path: tpath, message: "policies must be an object keyed by name" });
        else
          t.policies = sortPolicies(
            Object.entries(decl.policies as Record<string, PolicyDeclaration>).map(([n, p]) =>
              policyFromDeclaration(n, p, tpath, issues),
            ),
          );
      }
      for (const [cname, cdecl] of Object.entries(decl.columns ?? {})) {
        if (!isObject(cdecl) || cdecl.grants === undefined) continue;
        const c = t.columns.find((x) => x.name === cname);
        if (c)
          c.grants = grantsFromDeclaration("column", cdecl.grants, `${tpath}, column "${cname}"`, issues);
      }
    }
    for (const kind of aclKinds)
      for (const o of aclObjects(model, kind)) {
        if (o.schema !== schema) continue;
        const decl = declarationOf(ns, kind, o);
        if (decl) addObjectAccess(kind, o, decl, issues);
      }
  }
  // Grants declared apart from their object (`db.grant("table:public.orders", {...})`).
  for (const [ref, grants] of Object.entries(spec.grants ?? {})) {
    addGrantsByReference(model, schemaAccess, ref, grants, issues);
  }
  if (schemaAccess.length) model.schemaAccess = schemaAccess;
  if (spec.roles !== undefined) {
    if (!isObject(spec.roles))
      issues.push({ path: "roles", message: "must be an object keyed by role name" });
    else {
      const roles = Object.entries(spec.roles).map(([n, d]) => roleFromDeclaration(n, d, issues));
      if (roles.length) model.roles = roles.sort((a, b) => (a.name < b.name ? -1 : 1));
    }
  }
}

/** The declaration of an ACL object in its schema's declaration (an enum's bare list of values has none). */
function declarationOf(
  ns: NamespaceDeclaration,
  kind: AclKind,
  o: AclObject,
): { owner?: unknown; grants?: GrantsDeclaration } | undefined {
  const collection =
    kind.collection === "functions" && o.kind === "procedure" ? "procedures" : kind.collection;
  const decl = (ns[collection] as Record<string, unknown> | undefined)?.[o.name];
  return isObject(decl) ? (decl as { owner?: unknown; grants?: GrantsDeclaration }) : undefined;
}

const objectPath = (kind: AclKind, o: AclObject) => kind.label(o).replace(/ (\S+)$/, ' "$1"');

/** An ACL object's declared owner and grants into its model. */
function addObjectAccess(
  kind: AclKind,
  o: AclObject,
  decl: { owner?: unknown; grants?: GrantsDeclaration },
  issues: ValidationIssue[],
): void {
  const path = objectPath(kind, o);
  if (decl.owner !== undefined) {
    checkRoleName(issues, path, "owner", decl.owner);
    // Postgres refuses ALTER SEQUENCE ... OWNER TO for a sequence linked to a column.
    if ((o as { ownedBy?: unknown }).ownedBy)
      issues.push({
        path,
        message:
          "owner: a sequence owned by a column has its table's owner; declare the table's owner instead",
      });
    o.owner = decl.owner as string;
  }
  if (decl.grants !== undefined) o.grants = grantsFromDeclaration(kind.grantKind, decl.grants, path, issues);
}

function addGrantsByReference(
  model: SchemaModel,
  schemaAccess: SchemaAccessModel[],
  ref: string,
  grants: GrantsDeclaration,
  issues: ValidationIssue[],
): void {
  const path = `grants on "${ref}"`;
  const { kind, parts } = parseRef(ref);
  const twice = (): void => {
    issues.push({ path, message: "grants are declared both on the object and here" });
  };
  const undeclared = (what: string): void => {
    issues.push({
      path,
      message: `${what} is not declared: privileges can only be managed on declared objects (declare it, or grant outside schemastack)`,
    });
  };
  if (kind === "schema" && parts.length === 1) {
    if (!model.schemas.includes(parts[0])) return undeclared(`schema "${parts[0]}"`);
    let entry = schemaAccess.find((s) => s.schema === parts[0]);
    if (!entry) schemaAccess.push((entry = { schema: parts[0] }));
    if (entry.grants) return twice();
    entry.grants = grantsFromDeclaration("schema", grants, path, issues);
    return;
  }
  if (kind === "table" && parts.length === 2) {
    const t = model.tables.find((x) => x.schema === parts[0] && x.name === parts[1]);
    if (!t) return undeclared(`table "${parts.join(".")}"`);
    if (t.grants) return twice();
    t.grants = grantsFromDeclaration("table", grants, path, issues);
    return;
  }
  if (kind === "column" && parts.length === 3) {
    const t = model.tables.find((x) => x.schema === parts[0] && x.name === parts[1]);
    const c = t?.columns.find((x) => x.name === parts[2]);
    if (!c) return undeclared(`column "${parts.join(".")}"`);
    if (c.grants) return twice();
    c.grants = grantsFromDeclaration("column", grants, path, issues);
    return;
  }
  // `procedure:` names a procedure, `function:` a function (one signature per name is declared).
  const routineKind = kind === "procedure" ? "procedure" : kind === "function" ? "function" : undefined;
  const kinds = aclKinds.filter((k) => k.reference === (routineKind ? "function" : kind));
  if (kinds.length && parts.length === 2) {
    const found = kinds
      .flatMap((k) => aclObjects(model, k).map((o) => ({ k, o })))
      .find(
        ({ o }) =>
          o.schema === parts[0] &&
          o.name === parts[1] &&
          (!routineKind || (o.kind ?? "function") === routineKind),
      );
    if (!found) return undeclared(`${kind} "${parts.join(".")}"`);
    if (found.o.grants) return twice();
    found.o.grants = grantsFromDeclaration(found.k.grantKind, grants, path, issues);
    return;
  }
  issues.push({
    path,
    message:
      "unknown object reference: write schema:NAME, table:SCHEMA.TABLE, column:SCHEMA.TABLE.COLUMN, type:SCHEMA.NAME, sequence:SCHEMA.NAME, view:SCHEMA.NAME, function:SCHEMA.NAME or procedure:SCHEMA.NAME",
  });
}

/** Every role the model's access control names, with where (for unknown-role errors). */
export function referencedRoles(model: SchemaModel): Map<string, string> {
  const out = new Map<string, string>();
  const add = (role: string | undefined, where: string) => {
    if (role !== undefined && role !== "PUBLIC" && !out.has(role)) out.set(role, where);
  };
  for (const s of model.schemaAccess ?? []) {
    const where = `schema "${s.schema}"`;
    add(s.owner, `owner of ${where}`);
    for (const g of granteesOf(s.grants)) add(g, `grants of ${where}`);
    for (const d of s.defaultPrivileges ?? []) {
      add(d.role, `default privileges of ${where}`);
      for (const g of granteesOf(d.grants)) add(g, `default privileges of ${where}`);
    }
  }
  for (const t of model.tables) {
    const where = tableLabel(t.schema, t.name);
    add(t.owner, `owner of ${where}`);
    for (const g of granteesOf(t.grants)) add(g, `grants of ${where}`);
    for (const c of t.columns)
      for (const g of granteesOf(c.grants)) add(g, `grants of ${where}, column "${c.name}"`);
    for (const p of t.policies ?? []) for (const r of p.roles) add(r, `policy "${p.name}" of ${where}`);
  }
  for (const kind of aclKinds)
    for (const o of aclObjects(model, kind)) {
      const where = objectPath(kind, o);
      add(o.owner, `owner of ${where}`);
      for (const g of granteesOf(o.grants)) add(g, `grants of ${where}`);
    }
  for (const r of model.roles ?? []) for (const g of r.memberOf) add(g, `memberOf of role "${r.name}"`);
  return out;
}

/** Cross-object rules of access control (called by validateModel). */
export function accessIssues(model: SchemaModel): ValidationIssue[] {
  const issues: ValidationIssue[] = [...roleIssues(model.roles ?? [])];
  for (const t of model.tables) {
    const path = tableLabel(t.schema, t.name);
    const seen = new Set<string>();
    for (const p of t.policies ?? []) {
      if (seen.has(p.name.toLowerCase()))
        issues.push({ path, message: `duplicate policy "${p.name}" (names differ only in case)` });
      seen.add(p.name.toLowerCase());
      if (p.name.length === 0) issues.push({ path, message: "empty policy name" });
      if (Buffer.byteLength(p.name) > 63)
        issues.push({ path, message: `policy name "${p.name}" is over Postgres' limit of 63 bytes` });
    }
    if ((t.policies?.length ?? 0) > 0 && t.rowLevelSecurity && !t.rowLevelSecurity.enabled)
      issues.push({
        path,
        message:
          "policies are declared but rowLevelSecurity is off: they would have no effect (set rowLevelSecurity: true)",
      });
    if ((t.policies?.length ?? 0) > 0 && !t.rowLevelSecurity)
      issues.push({
        path,
        message:
          'policies are declared without rowLevelSecurity: declare rowLevelSecurity: true (or "force") so they take effect',
      });
  }
  for (const s of model.schemaAccess ?? []) {
    if (!model.schemas.includes(s.schema))
      issues.push({
        path: `schema "${s.schema}"`,
        message: "access control declared for an undeclared schema",
      });
  }
  return issues;
}

type Aligned<T> = T;

function pick<T extends object, K extends keyof T>(
  target: T,
  key: K,
  declared: boolean,
  value: T[K] | undefined,
): void {
  if (declared && value !== undefined) target[key] = value;
  else delete target[key];
}

/**
 * The live model as the declaration manages it: each access-control property present exactly
 * where `desired` declares it, read from `access` (introspection) when given, else kept from the
 * live model itself (a model built from a spec, as in the corpus). Renamed tables and columns
 * match under their previous names.
 */
export function alignAccess(
  live: SchemaModel,
  desired: SchemaModel,
  access?: LiveAccess,
): Aligned<SchemaModel> {
  const out: SchemaModel = { ...live, tables: [] };
  const findDesiredTable = (t: TableModel) =>
    desired.tables.find((d) => d.schema === t.schema && (d.name === t.name || d.renamedFrom === t.name));
  out.tables = live.tables.map((t) => {
    const d = findDesiredTable(t);
    const a = access?.tables[`${t.schema}.${t.name}`];
    const copy: TableModel = { ...t };
    pick(copy, "owner", d?.owner !== undefined, a ? a.owner : t.owner);
    pick(copy, "grants", d?.grants !== undefined, a ? a.grants : t.grants);
    pick(
      copy,
      "rowLevelSecurity",
      d?.rowLevelSecurity !== undefined,
      a ? a.rowLevelSecurity : t.rowLevelSecurity,
    );
    pick(copy, "policies", d?.policies !== undefined, a ? a.policies : t.policies);
    copy.columns = t.columns.map((c) => {
      const dc = d?.columns.find((x) => x.name === c.name || x.renamedFrom === c.name);
      const col: ColumnModel = { ...c };
      pick(col, "grants", dc?.grants !== undefined, a ? (a.columns[c.name] ?? {}) : c.grants);
      return col;
    });
    return copy;
  });
  Object.assign(
    out,
    mapObjectAccess(live, (kind, o) => {
      const d = aclObjects(desired, kind).find((x) => sameAclObject(o, x));
      const a = access?.objects[kind.key(o)];
      return {
        owner: d?.owner !== undefined ? (a ? a.owner : o.owner) : undefined,
        grants: d?.grants !== undefined ? (a ? a.grants : o.grants) : undefined,
      };
    }),
  );
  const schemaAccess: SchemaAccessModel[] = [];
  for (const d of desired.schemaAccess ?? []) {
    const a = access?.schemas[d.schema];
    const l = live.schemaAccess?.find((s) => s.schema === d.schema);
    if (!a && !l) continue;
    const entry: SchemaAccessModel = { schema: d.schema };
    pick(entry, "owner", d.owner !== undefined, a ? a.owner : l?.owner);
    pick(entry, "grants", d.grants !== undefined, a ? a.grants : l?.grants);
    pick(
      entry,
      "defaultPrivileges",
      d.defaultPrivileges !== undefined,
      a ? a.defaultPrivileges : l?.defaultPrivileges,
    );
    schemaAccess.push(entry);
  }
  if (schemaAccess.length) out.schemaAccess = schemaAccess;
  else delete out.schemaAccess;
  const declaredRoles = new Set((desired.roles ?? []).map((r) => r.name));
  const liveRoles = (access ? access.roles : (live.roles ?? [])).filter((r) => declaredRoles.has(r.name));
  if (liveRoles.length) out.roles = liveRoles.map((r) => ({ ...r, memberOf: [...r.memberOf] }));
  else delete out.roles;
  return out;
}

/**
 * The live model with everything introspection read about access control, for `inspect`: owners
 * other than the inspecting role, non-empty grants, row-level security where on, policies, and
 * the roles the schema's access control names (but the inspecting role itself). The standard
 * `public` schema ACL is left implicit.
 */
export function withAllAccess(live: SchemaModel, access: LiveAccess | undefined): SchemaModel {
  if (!access) return live;
  const out: SchemaModel = structuredClone(live);
  const notMe = (owner: string) => (owner !== access.currentUser ? owner : undefined);
  const nonEmpty = (g: GrantMap) => (Object.keys(g).length ? sortedGrants(g) : undefined);
  for (const t of out.tables) {
    const a = access.tables[`${t.schema}.${t.name}`];
    if (!a) continue;
    if (notMe(a.owner)) t.owner = a.owner;
    if (nonEmpty(a.grants)) t.grants = nonEmpty(a.grants);
    if (a.rowLevelSecurity.enabled || a.rowLevelSecurity.force)
      t.rowLevelSecurity = { ...a.rowLevelSecurity };
    if (a.policies.length) {
      t.policies = sortPolicies(a.policies);
      t.rowLevelSecurity ??= { ...a.rowLevelSecurity };
    }
    for (const c of t.columns)
      if (a.columns[c.name] && nonEmpty(a.columns[c.name])) c.grants = nonEmpty(a.columns[c.name]);
  }
  Object.assign(
    out,
    mapObjectAccess(out, (kind, o) => {
      const a = access.objects[kind.key(o)];
      if (!a) return {};
      return {
        owner: notMe(a.owner),
        grants: sameGrants(a.grants, initialGrants(kind.grantKind)) ? undefined : sortedGrants(a.grants),
      };
    }),
  );
  const schemaAccess: SchemaAccessModel[] = [];
  for (const s of out.schemas) {
    const a = access.schemas[s];
    if (!a) continue;
    const entry: SchemaAccessModel = { schema: s };
    if (notMe(a.owner) && a.owner !== "pg_database_owner") entry.owner = a.owner;
    const grants = { ...a.grants };
    const pub = grants.PUBLIC;
    if (s === "public" && pub && pub.privileges.join() === "usage" && pub.grantOption.length === 0)
      delete grants.PUBLIC;
    if (Object.keys(grants).length) entry.grants = sortedGrants(grants);
    if (a.defaultPrivileges.length) entry.defaultPrivileges = a.defaultPrivileges;
    if (Object.keys(entry).length > 1) schemaAccess.push(entry);
  }
  if (schemaAccess.length) out.schemaAccess = schemaAccess;
  // The inspecting role is the one that applies the schema: declaring it would hand it to a Role resource.
  const named = referencedRoles(out);
  const roles = access.roles.filter((r) => named.has(r.name) && r.name !== access.currentUser);
  if (roles.length) out.roles = roles;
  return out;
}

/** What a new object of the kind is granted before any GRANT (acldefault without the owner). */
export function initialGrants(kind: GrantTargetKind): GrantMap {
  const pub = publicDefaults[kind];
  return pub ? { [PUBLIC]: { privileges: [...pub], grantOption: [] } } : {};
}

/** The access-control fields of a declared model copied onto a rendered one (policy expressions stay rendered). */
export function withDeclaredAccess(
  rendered: SchemaModel,
  declared: SchemaModel,
  renderedAccess?: LiveAccess,
): SchemaModel {
  for (const t of rendered.tables) {
    const d = declared.tables.find((x) => x.schema === t.schema && x.name === t.name);
    if (!d) continue;
    for (const key of ["owner", "grants", "rowLevelSecurity"] as const) {
      if (d[key] !== undefined) (t as unknown as Record<string, unknown>)[key] = structuredClone(d[key]);
    }
    if (d.policies !== undefined) {
      const live = renderedAccess?.tables[`${t.schema}.${t.name}`]?.policies ?? [];
      t.policies = d.policies.map((p) => {
        const r = live.find((x) => x.name === p.name);
        return { ...p, using: r ? r.using : p.using, withCheck: r ? r.withCheck : p.withCheck };
      });
    }
    for (const c of t.columns) {
      const dc = d.columns.find((x) => x.name === c.name);
      if (dc?.grants !== undefined) c.grants = structuredClone(dc.grants);
    }
  }
  Object.assign(
    rendered,
    mapObjectAccess(rendered, (kind, o) => {
      const d = aclObjects(declared, kind).find((x) => sameAclObject(o, x));
      return { owner: d?.owner, grants: d?.grants && structuredClone(d.grants) };
    }),
  );
  if (declared.schemaAccess) rendered.schemaAccess = structuredClone(declared.schemaAccess);
  if (declared.roles) rendered.roles = structuredClone(declared.roles);
  return rendered;
}

/**
 * What the scratch database can render of a declaration: policies (their expressions are what
 * rendering is for) applied to PUBLIC, since roles may not exist on a development server; no
 * grants, owners, default privileges or roles (they hold no expression).
 */
export function forRendering(declared: SchemaModel): SchemaModel {
  const out: SchemaModel = structuredClone(declared);
  delete out.schemaAccess;
  delete out.roles;
  for (const t of out.tables) {
    delete t.owner;
    delete t.grants;
    for (const c of t.columns) delete c.grants;
    if (t.policies) t.policies = t.policies.map((p) => ({ ...p, roles: ["PUBLIC"] }));
  }
  return { ...out, ...mapObjectAccess(out, () => ({})) };
}

/**
 * The live model with every access-control property read (owners, grants, RLS, policies, column
 * grants, even when empty): what drift reports compare after keeping only the declared ones.
 */
export function withEveryAccess(live: SchemaModel, access: LiveAccess | undefined): SchemaModel {
  if (!access) return live;
  return {
    ...live,
    tables: live.tables.map((t) => {
      const a = access.tables[`${t.schema}.${t.name}`];
      if (!a) return t;
      return {
        ...t,
        owner: a.owner,
        grants: sortedGrants(a.grants),
        rowLevelSecurity: { ...a.rowLevelSecurity },
        policies: sortPolicies(a.policies),
        columns: t.columns.map((c) => ({ ...c, grants: sortedGrants(a.columns[c.name] ?? {}) })),
      };
    }),
    ...mapObjectAccess(live, (kind, o) => {
      const a = access.objects[kind.key(o)];
      return a ? { owner: a.owner, grants: sortedGrants(a.grants) } : { owner: o.owner, grants: o.grants };
    }),
  };
}
