// Access control (issue 17): grants, policies and row-level security, default privileges and
// ownership. The roles are cluster-wide, so the cases name only the three roles the convergence
// suite creates before it runs and drops after (accessCorpusRoles), never roles of their own.
// Policy expressions are written as Postgres prints them (the corpus compares without rendering).
import type { SchemaSpec, TableDeclaration } from "../../../core/model/declaration";
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
];
