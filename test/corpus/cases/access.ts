// Access control (issue 17): grants, policies and row-level security, default privileges and
// ownership. The roles are cluster-wide, so the cases name only the three roles the convergence
// suite creates before it runs and drops after (accessCorpusRoles), never roles of their own.
// Policy expressions are written as Postgres prints them (the corpus compares without rendering).
import type { SchemaSpec, TableDeclaration } from "../../../core/model/declaration";
import type { FunctionDeclaration, NamespaceDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec, tableChange, withId } from "../corpus-case";

export const accessCorpusRoles = ["acl_corpus_app", "acl_corpus_ro", "acl_corpus_owner"];
const app = "acl_corpus_app";
const ro = "acl_corpus_ro";
const owner = "acl_corpus_owner";

const notes = (extra: Omit<TableDeclaration, "columns"> = {}): TableDeclaration =>
  withId({ body: { type: "text" }, author: { type: "text" }, tenant: { type: "integer" } }, extra);

const withSchema = (ns: SchemaSpec["schemas"][string]): SchemaSpec => ({
  schemas: { public: { tables: { t: notes() } }, app: ns },
});

const rls = { rowLevelSecurity: true as const };

/** public with table t and the given other objects (sequences, views, functions, types). */
const objects = (ns: NamespaceDeclaration): SchemaSpec => ({
  schemas: { public: { tables: { t: notes() }, ...ns } },
});
const tenantOf: FunctionDeclaration = {
  arguments: [{ name: "a", type: "text" }],
  returns: "integer",
  language: "sql",
  body: "select 1",
  volatility: "stable",
};
const archive: FunctionDeclaration = { language: "sql", body: "delete from public.t where tenant = 0" };
const ownNotes = { query: "SELECT t.id,\n    t.body\n   FROM public.t\n  WHERE (t.author = CURRENT_USER)" };
const ownRows = { command: "select" as const, to: [app], using: "(author = CURRENT_USER)" };

export const accessCases: CorpusCase[] = [
  // grants
  tableChange("grant select on a table", notes(), notes({ grants: { [ro]: ["select"] } })),
  tableChange(
    "grant select insert update to an app role",
    notes(),
    notes({ grants: { [app]: ["select", "insert", "update"], [ro]: ["select"] } }),
  ),
  tableChange(
    "revoke one privilege",
    notes({ grants: { [app]: ["select", "insert", "update"] } }),
    notes({ grants: { [app]: ["select", "insert"] } }),
  ),
  tableChange(
    "revoke everything from an undeclared grantee",
    notes({ grants: { [app]: ["select", "delete"], [ro]: ["select"] } }),
    notes({ grants: { [ro]: ["select"] } }),
  ),
  tableChange(
    "grant with grant option",
    notes(),
    notes({ grants: { [app]: { privileges: ["select"], grantOption: true } } }),
  ),
  tableChange(
    "remove the grant option but keep the privilege",
    notes({ grants: { [app]: { privileges: ["select"], grantOption: true } } }),
    notes({ grants: { [app]: ["select"] } }),
  ),
  tableChange("grant all privileges", notes(), notes({ grants: { [app]: ["all"] } })),
  tableChange("grant select to PUBLIC", notes(), notes({ grants: { PUBLIC: ["select"] } })),
  tableChange(
    "column grants",
    notes(),
    withId({
      body: { type: "text", grants: { [ro]: ["select"] } },
      author: { type: "text", grants: { [app]: ["select", "update"] } },
      tenant: { type: "integer" },
    }),
  ),
  tableChange(
    "grants not declared are left alone",
    notes({ grants: { [app]: ["select", "delete"] } }),
    notes(),
  ),
  {
    name: "create a table with its grants",
    old: spec({}),
    new: spec({ t: notes({ grants: { [app]: ["select", "insert"] } }) }),
  },
  {
    name: "grants by object reference",
    old: spec({ t: notes() }),
    new: { ...spec({ t: notes() }), grants: { "table:public.t": { [ro]: ["select"] } } },
  },
  {
    name: "schema usage for a role",
    old: withSchema({}),
    new: withSchema({ grants: { [app]: ["usage"], [ro]: ["usage"] } }),
  },
  {
    name: "enum usage for a role and not for PUBLIC",
    old: spec({ t: notes() }, { mood: ["ok", "sad"] }),
    new: spec({ t: notes() }, { mood: { values: ["ok", "sad"], grants: { [app]: ["usage"], PUBLIC: [] } } }),
  },
  // row-level security and policies
  tableChange("enable row-level security", notes(), notes(rls)),
  tableChange("force row-level security", notes(rls), notes({ rowLevelSecurity: "force" })),
  tableChange("disable row-level security", notes(rls), notes({ rowLevelSecurity: false })),
  tableChange("create a select policy", notes(rls), notes({ ...rls, policies: { own_rows: ownRows } })),
  tableChange(
    "create an insert policy with check",
    notes(rls),
    notes({
      ...rls,
      policies: {
        insert_own: { command: "insert", to: [app], withCheck: "((tenant = 1) AND (author = CURRENT_USER))" },
      },
    }),
  ),
  tableChange(
    "create a restrictive policy",
    notes(rls),
    notes({ ...rls, policies: { tenant_only: { as: "restrictive", using: "(tenant = 1)" } } }),
  ),
  tableChange(
    "alter a policy expression in place",
    notes({ ...rls, policies: { own_rows: ownRows } }),
    notes({
      ...rls,
      policies: { own_rows: { ...ownRows, using: "((author = CURRENT_USER) OR (tenant = 0))" } },
    }),
  ),
  tableChange(
    "alter a policy's roles in place",
    notes({ ...rls, policies: { own_rows: ownRows } }),
    notes({ ...rls, policies: { own_rows: { ...ownRows, to: [app, ro] } } }),
  ),
  tableChange(
    "change a policy's command",
    notes({ ...rls, policies: { own_rows: ownRows } }),
    notes({ ...rls, policies: { own_rows: { ...ownRows, command: "all" } } }),
  ),
  tableChange(
    "drop a policy",
    notes({ ...rls, policies: { own_rows: ownRows, tenant_only: { using: "(tenant = 1)" } } }),
    notes({ ...rls, policies: { own_rows: ownRows } }),
  ),
  tableChange(
    "policies not declared are left alone",
    notes({ ...rls, policies: { own_rows: ownRows } }),
    notes(rls),
  ),
  {
    name: "create a table with row-level security, a policy and grants",
    old: spec({}),
    new: spec({
      t: notes({ ...rls, policies: { own_rows: ownRows }, grants: { [app]: ["select", "insert"] } }),
    }),
  },
  // default privileges
  {
    name: "default privileges on new tables",
    old: withSchema({}),
    new: withSchema({ defaultPrivileges: { [owner]: { tables: { [ro]: ["select"] } } } }),
  },
  {
    name: "default privileges on sequences and types",
    old: withSchema({}),
    new: withSchema({
      defaultPrivileges: {
        [owner]: { sequences: { [app]: ["usage", "select"] }, types: { [app]: ["usage"] } },
      },
    }),
  },
  {
    name: "revoke a default privilege",
    old: withSchema({
      defaultPrivileges: { [owner]: { tables: { [ro]: ["select"], [app]: ["select", "insert"] } } },
    }),
    new: withSchema({ defaultPrivileges: { [owner]: { tables: { [app]: ["select"] } } } }),
  },
  // ownership
  tableChange("change a table's owner", notes(), notes({ owner })),
  {
    name: "change a schema's owner",
    old: withSchema({}),
    new: withSchema({ owner }),
  },
  {
    name: "change an enum's owner",
    old: spec({ t: notes() }, { mood: ["ok"] }),
    new: spec({ t: notes() }, { mood: { values: ["ok"], owner } }),
  },
  {
    name: "renamed table keeps its grants and policies",
    old: spec({ t: notes({ ...rls, policies: { own_rows: ownRows }, grants: { [app]: ["select"] } }) }),
    new: spec({
      notes: notes({
        ...rls,
        renamedFrom: "t",
        policies: { own_rows: ownRows },
        grants: { [app]: ["select"] },
      }),
    }),
  },
  {
    // Fuzz seed 30256: the DROP POLICY named the table by its new name before the rename ran.
    name: "rename a table and drop one of its policies",
    old: spec({ t: notes({ ...rls, policies: { own_rows: ownRows } }) }),
    new: spec({ notes: notes({ ...rls, renamedFrom: "t", policies: {} }) }),
  },
  // sequences, views, functions, procedures, domains and composite types (object-acl.ts)
  {
    name: "grant usage on a sequence",
    old: objects({ sequences: { ticket: {} } }),
    new: objects({ sequences: { ticket: { grants: { [app]: ["usage", "select"] } } } }),
  },
  {
    name: "grant on a serial column's sequence by reference",
    old: spec({ t: withId({ n: { type: "serial" } }) }),
    new: {
      ...spec({ t: withId({ n: { type: "serial" } }) }),
      grants: { "sequence:public.t_n_seq": { [app]: ["usage"] } },
    },
  },
  {
    name: "create a sequence with its owner and grants",
    old: objects({}),
    new: objects({ sequences: { ticket: { owner, grants: { [ro]: ["select"] } } } }),
  },
  {
    name: "grant select on a view",
    old: objects({ views: { own_notes: ownNotes } }),
    new: objects({ views: { own_notes: { ...ownNotes, grants: { [ro]: ["select"] } } } }),
  },
  {
    name: "create a materialized view with grants and an owner",
    old: objects({}),
    new: objects({
      views: { own_notes: { ...ownNotes, materialized: true, owner, grants: { [ro]: ["select"] } } },
    }),
  },
  {
    name: "revoke select on a view from a role",
    old: objects({ views: { own_notes: { ...ownNotes, grants: { [ro]: ["select"], [app]: ["select"] } } } }),
    new: objects({ views: { own_notes: { ...ownNotes, grants: { [app]: ["select"] } } } }),
  },
  {
    name: "execute on a function for a role, not PUBLIC",
    old: objects({ functions: { tenant_of: tenantOf } }),
    new: objects({ functions: { tenant_of: { ...tenantOf, grants: { [app]: ["execute"], PUBLIC: [] } } } }),
  },
  {
    name: "execute on a procedure by reference",
    old: objects({ procedures: { archive } }),
    new: {
      ...objects({ procedures: { archive } }),
      grants: { "procedure:public.archive": { [app]: ["execute"] } },
    },
  },
  {
    name: "a function recreated for a new result type gets its grants again",
    old: objects({ functions: { tenant_of: { ...tenantOf, grants: { [app]: ["execute"], PUBLIC: [] } } } }),
    new: objects({
      functions: {
        tenant_of: { ...tenantOf, returns: "bigint", grants: { [app]: ["execute"], PUBLIC: [] } },
      },
    }),
  },
  {
    name: "change a function's and a procedure's owner",
    old: objects({ functions: { tenant_of: tenantOf }, procedures: { archive } }),
    new: objects({
      functions: { tenant_of: { ...tenantOf, owner } },
      procedures: { archive: { ...archive, owner } },
    }),
  },
  {
    name: "domain usage for a role and not for PUBLIC",
    old: objects({ domains: { positive: { type: "integer", checks: { positive: "(VALUE > 0)" } } } }),
    new: objects({
      domains: {
        positive: {
          type: "integer",
          checks: { positive: "(VALUE > 0)" },
          grants: { [app]: ["usage"], PUBLIC: [] },
        },
      },
    }),
  },
  {
    name: "composite type usage and owner",
    old: objects({ compositeTypes: { pair: { attributes: { a: "integer", b: "text" } } } }),
    new: objects({
      compositeTypes: {
        pair: { attributes: { a: "integer", b: "text" }, owner, grants: { [ro]: ["usage"] } },
      },
    }),
  },
  {
    name: "object grants not declared are left alone",
    old: objects({
      sequences: { ticket: { grants: { [app]: ["usage"] } } },
      views: { own_notes: { ...ownNotes, grants: { [ro]: ["select"] } } },
    }),
    new: objects({ sequences: { ticket: {} }, views: { own_notes: ownNotes } }),
  },
];
