// The bad-input table shared by the core, CLI and Pulumi runs of the adversarial suite. Every case
// starts from one baseline schema (with rows in it) and breaks it one way. Two outcomes:
// - "rejected": a specific error (matching `expect`) and the database byte-for-byte unchanged;
// - "exact": valid in Postgres though hostile-looking (quotes, semicolons, injection text inside an
//   identifier or a literal): created exactly as named / stored exactly as written, nothing else
//   touched, and a second run is a no-op.
import type {
  ColumnDeclaration,
  ConstraintDeclaration,
  EnumDeclaration,
  ForeignKeyDeclaration,
  FunctionDeclaration,
  IndexDeclaration,
  TableDeclaration,
} from "../../../core/model/declaration";
import type { GrantsDeclaration } from "../../../core/model/privilege";
import type { MigrationDeclaration } from "../../../core/model/migration";
import type { ViewDeclaration } from "../../../core/model/view";
import { query } from "../sql";

/** The shape the Pulumi fixture reads from config (public schema only) and the CLI/core spec wraps. */
export interface SimpleSpec {
  version: string;
  allowDataLoss?: boolean;
  enums: Record<string, EnumDeclaration>;
  tables: Record<string, TableDeclaration>;
  /** Grants by object reference (issue 17). */
  grants?: Record<string, GrantsDeclaration>;
  /** Roles (issue 17); core and CLI only. */
  roles?: Record<string, unknown>;
  /** One-off data migrations (issue 18). */
  migrations?: Record<string, MigrationDeclaration>;
  views?: Record<string, ViewDeclaration>;
  functions?: Record<string, FunctionDeclaration>;
}

export interface BadInputCase {
  id: string;
  kind: "rejected" | "exact";
  /** Breaks a copy of the baseline. */
  mutate?: (spec: SimpleSpec) => void;
  /** Raw text of the desired file instead of a spec (CLI/core only). */
  raw?: { text: string; ext: "json" | "sql" };
  expect?: RegExp;
  /** For "exact": checks the hostile object is in the catalog exactly as declared. */
  check?: (url: string) => Promise<void>;
  /** Apply without the data-loss opt-in (default: with it, so nothing hides behind the refusal). */
  noDataLossOptIn?: boolean;
}

export function baseline(): SimpleSpec {
  return {
    version: "1.0.0",
    enums: { mood: ["happy", "sad"] },
    tables: {
      victims: {
        columns: {
          id: { type: "bigint", identity: "always", primaryKey: true },
          name: { type: "text", nullable: false },
          score: { type: "integer" },
          mood: { type: "mood" },
        },
        indexes: { victims_name_idx: { columns: ["name"] } },
        constraints: { victims_score_check: { type: "check", expression: "score >= 0" } },
      },
      parents: {
        columns: {
          id: { type: "bigint", primaryKey: true },
          code: { type: "text" },
        },
      },
    },
  };
}

export const seedSql = [
  "insert into victims (name, score, mood) select 'row ' || g, g, 'happy' from generate_series(1, 50) g",
  "insert into parents (id, code) values (1, 'a'), (2, 'a')",
];

export function toSchemaSpec(s: SimpleSpec): { version: string; schemas: Record<string, unknown> } {
  return {
    version: s.version,
    ...(s.grants ? { grants: s.grants } : {}),
    ...(s.roles ? { roles: s.roles } : {}),
    schemas: {
      public: {
        tables: s.tables,
        enums: s.enums,
        ...(s.views ? { views: s.views } : {}),
        ...(s.functions ? { functions: s.functions } : {}),
      },
    },
    ...(s.migrations ? { migrations: s.migrations } : {}),
  };
}

/** The baseline as a spec with more declared in public (sequences, extensions). */
const withPublic = (more: Record<string, unknown>) => {
  const spec = toSchemaSpec(baseline());
  return { ...spec, schemas: { public: { ...(spec.schemas.public as object), ...more } } };
};

const drop = "; drop table victims; --";
const victims = (s: SimpleSpec) => s.tables.victims;
const addColumn = (s: SimpleSpec, name: string, c: ColumnDeclaration) => (victims(s).columns[name] = c);
const addTable = (s: SimpleSpec, name: string, t?: Partial<TableDeclaration>) =>
  (s.tables[name] = { columns: { id: { type: "bigint", primaryKey: true } }, ...t });
const long = (n: number, ch = "a") => ch.repeat(n);

async function relationExists(url: string, schema: string, name: string): Promise<void> {
  const rows = await query(
    url,
    "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2",
    [schema, name],
  );
  if (rows.length !== 1)
    throw new Error(`relation ${JSON.stringify(`${schema}.${name}`)} is not in the catalog`);
}

async function columnExists(url: string, table: string, column: string): Promise<void> {
  const rows = await query(
    url,
    "select 1 from pg_attribute where attrelid = ('public.' || quote_ident($1))::regclass and attname = $2 and not attisdropped",
    [table, column],
  );
  if (rows.length !== 1)
    throw new Error(`column ${JSON.stringify(column)} of ${table} is not in the catalog`);
}

async function commentIs(url: string, table: string, expected: string): Promise<void> {
  const rows = await query<{ d: string | null }>(
    url,
    "select obj_description(('public.' || quote_ident($1))::regclass, 'pg_class') as d",
    [table],
  );
  if (rows[0]?.d !== expected)
    throw new Error(`comment is ${JSON.stringify(rows[0]?.d)}, not ${JSON.stringify(expected)}`);
}

async function enumLabelsAre(url: string, name: string, expected: string[]): Promise<void> {
  const rows = await query<{ l: string }>(
    url,
    "select e.enumlabel as l from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder",
    [name],
  );
  const got = rows.map((r) => r.l);
  if (JSON.stringify(got) !== JSON.stringify(expected))
    throw new Error(`enum ${name} has ${JSON.stringify(got)}`);
}

/** Access control (issue 17): a table with row-level security and one policy. */
const withPolicy = (s: SimpleSpec, policy: Record<string, unknown>) => {
  victims(s).rowLevelSecurity = true;
  victims(s).policies = { p: policy as never };
};

async function policyExists(url: string, name: string): Promise<void> {
  const rows = await query(url, "select 1 from pg_policy where polname = $1", [name]);
  if (rows.length !== 1) throw new Error(`policy ${JSON.stringify(name)} is not in the catalog`);
}

const plainFunction: FunctionDeclaration = { returns: "integer", language: "sql", body: "select 1" };

export const accessBadInputs: BadInputCase[] = [
  {
    id: "grant to an unknown role",
    kind: "rejected",
    mutate: (s) => (victims(s).grants = { acl_adv_no_such_role: ["select"] }),
    expect: /role "acl_adv_no_such_role" \(grants of table "victims"\) does not exist/,
  },
  {
    id: "owner is an unknown role",
    kind: "rejected",
    mutate: (s) => (victims(s).owner = "acl_adv_no_such_owner"),
    expect: /role "acl_adv_no_such_owner" \(owner of table "victims"\) does not exist/,
  },
  {
    id: "policy for an unknown role",
    kind: "rejected",
    mutate: (s) => withPolicy(s, { to: ["acl_adv_no_such_role"], using: "true" }),
    expect: /role "acl_adv_no_such_role" \(policy "p" of table "victims"\) does not exist/,
  },
  {
    id: "policy USING that smuggles a second statement",
    kind: "rejected",
    mutate: (s) => withPolicy(s, { using: "true); drop table victims; --" }),
    expect: /table "victims", policy "p": using "true\); drop table victims; --" /,
  },
  {
    id: "policy WITH CHECK that comments out the rest",
    kind: "rejected",
    mutate: (s) => withPolicy(s, { command: "insert", withCheck: "true --" }),
    expect: /policy "p": withCheck "true --" .*comment/,
  },
  {
    id: "policy USING on an insert policy",
    kind: "rejected",
    mutate: (s) => withPolicy(s, { command: "insert", using: "true" }),
    expect: /an insert policy takes only withCheck/,
  },
  {
    id: "policy with an unknown command",
    kind: "rejected",
    mutate: (s) => withPolicy(s, { command: "truncate", using: "true" }),
    expect: /command must be one of all, select, insert, update, delete, not "truncate"/,
  },
  {
    id: "policies without row-level security",
    kind: "rejected",
    mutate: (s) => (victims(s).policies = { p: { using: "true" } }),
    expect: /policies are declared without rowLevelSecurity/,
  },
  {
    id: "grant to PUBLIC of everything",
    kind: "rejected",
    mutate: (s) => (victims(s).grants = { PUBLIC: ["all"] }),
    expect: /refusing to grant every privilege to PUBLIC/,
  },
  {
    id: "grant DELETE and TRUNCATE to PUBLIC",
    kind: "rejected",
    mutate: (s) => (victims(s).grants = { public: ["select", "delete", "truncate"] }),
    expect: /refusing to grant delete, truncate to PUBLIC/,
  },
  {
    id: "privileges on an undeclared table",
    kind: "rejected",
    mutate: (s) => (s.grants = { "table:public.not_declared": { acl_adv_role: ["select"] } }),
    expect: /grants on "table:public\.not_declared": table "public\.not_declared" is not declared/,
  },
  {
    id: "privileges on an undeclared column",
    kind: "rejected",
    mutate: (s) => (s.grants = { "column:public.victims.nope": { acl_adv_role: ["select"] } }),
    expect: /column "public\.victims\.nope" is not declared/,
  },
  {
    id: "unknown privilege name",
    kind: "rejected",
    mutate: (s) => (victims(s).grants = { acl_adv_role: ["selct"] }),
    expect: /unknown privilege "selct" for a table \(one of select, insert/,
  },
  {
    id: "privilege injection in a grant",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).grants = { acl_adv_role: ["select on victims to public; drop table victims; --"] }),
    expect: /unknown privilege "select on victims to public; drop table victims; --"/,
  },
  {
    id: "grantee named current_user",
    kind: "rejected",
    mutate: (s) => (victims(s).grants = { CURRENT_USER: ["select"] }),
    expect: /"CURRENT_USER" is a reserved role name/,
  },
  {
    id: "role password in a spec file",
    kind: "rejected",
    mutate: (s) => (s.roles = { acl_adv_login: { login: true, password: "hunter2-plain" } }),
    expect: /role "acl_adv_login": passwords are not read from declarations: pass it as a Pulumi secret/,
  },
  {
    id: "role declared with Postgres' pg_ prefix",
    kind: "rejected",
    mutate: (s) => (s.roles = { pg_admin_of_everything: {} }),
    expect: /"pg_admin_of_everything" cannot be declared/,
  },
  // the other kinds with an ACL (sequences, views, functions, types: core/model/object-acl.ts)
  {
    id: "grant to an unknown role on a function",
    kind: "rejected",
    mutate: (s) => (s.functions = { f: { ...plainFunction, grants: { acl_adv_no_such_role: ["execute"] } } }),
    expect: /role "acl_adv_no_such_role" \(grants of function "public\.f"\) does not exist/,
  },
  {
    id: "grant to PUBLIC of everything on a view",
    kind: "rejected",
    mutate: (s) => (s.views = { v: { query: "select 1 as x", grants: { PUBLIC: ["all"] } } }),
    expect: /view "public\.v", grants "PUBLIC": refusing to grant every privilege to PUBLIC/,
  },
  {
    id: "privileges on an undeclared function",
    kind: "rejected",
    mutate: (s) => (s.grants = { "function:public.not_declared": { acl_adv_role: ["execute"] } }),
    expect: /grants on "function:public\.not_declared": function "public\.not_declared" is not declared/,
  },
  {
    id: "a table's privilege on a function",
    kind: "rejected",
    mutate: (s) =>
      (s.functions = { f: { ...plainFunction, grants: { acl_adv_role: ["select", "delete"] } } }),
    expect:
      /function "public\.f", grants "acl_adv_role": unknown privilege "select" for a function \(one of execute/,
  },
  {
    id: "policy name with a quote, semicolon and DROP",
    kind: "exact",
    mutate: (s) => {
      victims(s).rowLevelSecurity = true;
      victims(s).policies = { [`own"rows${drop}`]: { command: "select", using: "(score >= 0)" } };
    },
    check: (url) => policyExists(url, `own"rows${drop}`),
  },
];

export const badInputCases: BadInputCase[] = [
  ...accessBadInputs,
  // --- identifiers -------------------------------------------------------------------------
  {
    id: "table name with a quote, semicolon and DROP",
    kind: "exact",
    mutate: (s) => addTable(s, `weird"name${drop}`),
    check: (url) => relationExists(url, "public", `weird"name${drop}`),
  },
  {
    id: "column name with a semicolon and DROP",
    kind: "exact",
    mutate: (s) => addColumn(s, `c${drop}`, { type: "text" }),
    check: (url) => columnExists(url, "victims", `c${drop}`),
  },
  {
    id: "table name with a newline",
    kind: "exact",
    mutate: (s) => addTable(s, "two\nlines"),
    check: (url) => relationExists(url, "public", "two\nlines"),
  },
  {
    id: "unicode table and column names",
    kind: "exact",
    mutate: (s) =>
      addTable(s, "café_ünïcödé_表", { columns: { ключ: { type: "bigint", primaryKey: true } } }),
    check: async (url) => {
      await relationExists(url, "public", "café_ünïcödé_表");
      await columnExists(url, "café_ünïcödé_表", "ключ");
    },
  },
  {
    id: "reserved words as table and column names",
    kind: "exact",
    mutate: (s) =>
      addTable(s, "select", {
        columns: { from: { type: "bigint", primaryKey: true }, where: { type: "text" } },
      }),
    check: async (url) => {
      await relationExists(url, "public", "select");
      await columnExists(url, "select", "where");
    },
  },
  {
    id: "upper-case table name (kept, not folded)",
    kind: "exact",
    mutate: (s) => addTable(s, "Accounts"),
    check: (url) => relationExists(url, "public", "Accounts"),
  },
  {
    id: "injection text in a table comment",
    kind: "exact",
    mutate: (s) => (victims(s).comment = `it's'${drop} \\' E'\\\\`),
    check: (url) => commentIs(url, "victims", `it's'${drop} \\' E'\\\\`),
  },
  {
    id: "injection text as an enum label",
    kind: "exact",
    mutate: (s) => (s.enums.mood = ["happy", "sad", `x')${drop}`]),
    check: (url) => enumLabelsAre(url, "mood", ["happy", "sad", `x')${drop}`]),
  },
  {
    id: "FK cycle between two tables (FKs added after both tables exist)",
    kind: "exact",
    mutate: (s) => {
      addTable(s, "hens", {
        columns: { id: { type: "bigint", primaryKey: true }, egg_id: { type: "bigint" } },
      });
      addTable(s, "eggs", {
        columns: { id: { type: "bigint", primaryKey: true }, hen_id: { type: "bigint" } },
      });
      s.tables.hens.constraints = {
        hens_egg_fkey: {
          type: "foreignKey",
          columns: ["egg_id"],
          references: { table: "eggs", columns: ["id"] },
          deferrable: true,
          initiallyDeferred: true,
        },
      };
      s.tables.eggs.constraints = {
        eggs_hen_fkey: {
          type: "foreignKey",
          columns: ["hen_id"],
          references: { table: "hens", columns: ["id"] },
        },
      };
    },
    check: async (url) => {
      const rows = await query(
        url,
        "select conname from pg_constraint where conname in ('hens_egg_fkey', 'eggs_hen_fkey')",
      );
      if (rows.length !== 2) throw new Error("the cycle's two FKs are not both there");
    },
  },
  {
    id: "self-referencing FK",
    kind: "exact",
    mutate: (s) => {
      addTable(s, "tree", {
        columns: { id: { type: "bigint", primaryKey: true }, parent_id: { type: "bigint" } },
      });
      s.tables.tree.constraints = {
        tree_parent_fkey: {
          type: "foreignKey",
          columns: ["parent_id"],
          references: { table: "tree", columns: ["id"] },
        },
      };
    },
    check: (url) => relationExists(url, "public", "tree"),
  },
  {
    id: "table name of 64 bytes",
    kind: "rejected",
    mutate: (s) => addTable(s, long(64)),
    expect: /is 64 bytes, over Postgres' limit of 63/,
  },
  {
    id: "table name of 32 characters but 64 bytes (é)",
    kind: "rejected",
    mutate: (s) => addTable(s, long(32, "é")),
    expect: /is 64 bytes, over Postgres' limit of 63/,
  },
  {
    id: "column name over 63 bytes",
    kind: "rejected",
    mutate: (s) => addColumn(s, long(70, "c"), { type: "text" }),
    expect: /column name "c+" is 70 bytes/,
  },
  {
    id: "index name over 63 bytes",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { [long(64, "i")]: { columns: ["name"] } }),
    expect: /index name "i+" is 64 bytes/,
  },
  {
    id: "constraint name over 63 bytes",
    kind: "rejected",
    mutate: (s) => (victims(s).constraints = { [long(80, "k")]: { type: "check", expression: "score > 0" } }),
    expect: /constraint name "k+" is 80 bytes/,
  },
  { id: "empty table name", kind: "rejected", mutate: (s) => addTable(s, ""), expect: /empty table name/ },
  {
    id: "empty column name",
    kind: "rejected",
    mutate: (s) => addColumn(s, "", { type: "text" }),
    expect: /empty column name/,
  },
  { id: "NUL byte in a table name", kind: "rejected", mutate: (s) => addTable(s, "a\u0000b"), expect: /NUL/ },
  {
    id: "NUL byte in a comment",
    kind: "rejected",
    mutate: (s) => (victims(s).comment = "a\u0000b"),
    expect: /NUL/,
  },
  {
    id: "two tables differing only in case",
    kind: "rejected",
    mutate: (s) => addTable(s, "Victims"),
    expect: /"victims" and "Victims" differ only in case|"Victims" and "victims" differ only in case/,
  },
  {
    id: "two columns differing only in case",
    kind: "rejected",
    mutate: (s) => addColumn(s, "Name", { type: "text" }),
    expect: /columns "name" and "Name" differ only in case/,
  },
  {
    id: "index named like a table",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { parents: { columns: ["name"] } }),
    expect: /duplicate table\/index\/constraint name "parents"/,
  },
  {
    id: "table named like the enum",
    kind: "rejected",
    mutate: (s) => addTable(s, "mood"),
    expect: /duplicate type name \(enum, domain, composite type or table\) "mood"/,
  },
  {
    id: "two primary keys",
    kind: "rejected",
    mutate: (s) => (victims(s).constraints = { victims_pk2: { type: "primaryKey", columns: ["name"] } }),
    expect: /primary key declared both on a column and as a constraint|2 primary keys/,
  },
  {
    id: "column renamedFrom a column that is still declared",
    kind: "rejected",
    mutate: (s) => addColumn(s, "label", { type: "text", renamedFrom: "name" }),
    expect: /renamedFrom "name", but a column of that name is also declared/,
  },
  {
    id: "duplicate enum values",
    kind: "rejected",
    mutate: (s) => (s.enums.mood = ["happy", "happy"]),
    expect: /duplicate value "happy"/,
  },
  {
    id: "enum with no values",
    kind: "rejected",
    mutate: (s) => (s.enums.mood = []),
    expect: /at least one value/,
  },
  // --- types --------------------------------------------------------------------------------
  {
    id: "unknown type txet",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "txet" }),
    expect: /column "x": .*txet/,
  },
  {
    id: "malformed varchar(abc)",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "varchar(abc)" }),
    expect: /column "x": .*varchar\(abc\)/,
  },
  {
    id: "unclosed varchar(20",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "varchar(20" }),
    expect: /column "x": .*varchar\(20/,
  },
  {
    id: "injection in a type",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: `int${drop}` }),
    expect: /column "x": .*drop table victims/,
  },
  {
    id: "type with constraint words",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "bigint primary key" }),
    expect: /column "x": .*bigint primary key/,
  },
  {
    id: "numeric with three modifiers",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "numeric(5,2,1)" }),
    expect: /column "x": .*numeric\(5,2,1\)/,
  },
  {
    id: "empty type",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "" }),
    expect: /column "x"/,
  },
  {
    id: "type that is not a string",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: 5 as unknown as string }),
    expect: /column "x": type must be a string/,
  },
  {
    id: "undeclared enum type",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "feeling" }),
    expect: /column "x": .*feeling/,
  },
  {
    id: "serial column with an explicit conflicting default",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "serial", default: "42" }),
    expect:
      /column "x": a serial column cannot also declare a default \("42"\): its default is nextval\('public\.victims_x_seq'::regclass\)/,
  },
  {
    id: "serial column that is also an identity",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "bigserial", identity: "always" }),
    expect: /column "x": a bigserial column cannot also be an identity column/,
  },
  {
    id: "serial array",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "serial[]" }),
    expect: /column "x": type "serial\[\]": serial types cannot be arrays/,
  },
  {
    id: "unknown extension",
    kind: "rejected",
    raw: {
      text: JSON.stringify(withPublic({ extensions: { citextt: {} } })),
      ext: "json",
    },
    expect: /extension "citextt" is not available/,
  },
  {
    id: "citext column without the extension declared",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "citext" }),
    expect: /column "x": unknown type "citext"/,
  },
  {
    id: "sequence whose minValue is above its maxValue",
    kind: "rejected",
    raw: {
      text: JSON.stringify(withPublic({ sequences: { s: { minValue: 10, maxValue: 5 } } })),
      ext: "json",
    },
    expect: /sequence "s": minValue \(10\) must be less than maxValue \(5\)/,
  },
  {
    id: "sequence owned by an undeclared column",
    kind: "rejected",
    raw: {
      text: JSON.stringify(
        withPublic({ sequences: { s: { ownedBy: { table: "victims", column: "nope" } } } }),
      ),
      ext: "json",
    },
    expect: /sequence "s": ownedBy: table "victims" has no column "nope"/,
  },
  {
    id: "identity on a text column",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "text", identity: "always" }),
    expect: /identity columns must be smallint, integer or bigint/,
  },
  {
    id: "identity kind 'sometimes'",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "bigint", identity: "sometimes" as "always" }),
    expect: /identity must be "always" or "by default"/,
  },
  // --- injection in expressions ----------------------------------------------------------------
  {
    id: "injection in a default (statement after ;)",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "text", default: `'a'${drop}` }),
    expect: /column "x".*default/,
  },
  {
    id: "injection in a default (second ALTER action after a comma)",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "integer", default: "1, drop column name" }),
    expect: /column "x".*default/,
  },
  {
    id: "default that comments out the rest of the DDL (NOT NULL)",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "integer", nullable: false, default: "1 --" }),
    expect: /column "x".*default/,
  },
  {
    id: "injection in a check expression",
    kind: "rejected",
    mutate: (s) => (victims(s).constraints = { c1: { type: "check", expression: `true)${drop}` } }),
    expect: /constraint "c1".*expression/,
  },
  {
    id: "check expression closing its parenthesis early",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        c1: { type: "check", expression: "true) not valid, drop column name, add check (true" },
      }),
    expect: /constraint "c1".*expression/,
  },
  {
    id: "injection in an index predicate",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { i1: { columns: ["name"], where: `true${drop}` } }),
    expect: /index "i1".*where/,
  },
  {
    id: "injection in an index expression",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { i1: { columns: [{ expression: `lower(name))${drop}` }] } }),
    expect: /index "i1".*expression/,
  },
  {
    id: "injection in a generated expression",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "integer", generated: `score * 2)${drop}` }),
    expect: /column "x".*generated/,
  },
  {
    id: "injection in a collation",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "text", collation: `C"${drop}` }),
    expect: /collation/,
  },
  {
    id: "injection in an index method",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { i1: { columns: ["name"], method: `btree${drop}` as "btree" } }),
    expect: /unknown index method/,
  },
  {
    id: "injection in an FK action",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        fk: {
          type: "foreignKey",
          columns: ["score"],
          references: { table: "parents", columns: ["id"] },
          onDelete: `cascade${drop}` as "cascade",
        },
      }),
    expect: /unknown onDelete action/,
  },
  {
    id: "check on an unknown column (Postgres rejects it while rendering)",
    kind: "rejected",
    mutate: (s) => (victims(s).constraints = { c1: { type: "check", expression: "nope > 0" } }),
    expect: /nope/,
  },
  {
    id: "check with a subquery",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = { c1: { type: "check", expression: "(select count(*) from victims) > 0" } }),
    expect: /subquer/i,
  },
  {
    id: "default referencing a column",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "integer", default: "score + 1" }),
    expect: /column|default/,
  },
  {
    id: "generated and default together",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "integer", default: "1", generated: "score * 2" }),
    expect: /generated columns cannot have a default/,
  },
  // --- references -------------------------------------------------------------------------------
  {
    id: "FK to an undeclared table",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        fk: { type: "foreignKey", columns: ["score"], references: { table: "ghosts", columns: ["id"] } },
      }),
    expect: /references undeclared table "ghosts"/,
  },
  {
    id: "FK to a non-unique column",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        fk: { type: "foreignKey", columns: ["name"], references: { table: "parents", columns: ["code"] } },
      }),
    expect: /no primary key or unique constraint on exactly those columns/,
  },
  {
    id: "FK column count mismatch",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        fk: {
          type: "foreignKey",
          columns: ["score", "id"],
          references: { table: "parents", columns: ["id"] },
        },
      }),
    expect: /2 column\(s\) reference 1 column\(s\)/,
  },
  {
    id: "FK to an unknown column",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).constraints = {
        fk: { type: "foreignKey", columns: ["score"], references: { table: "parents", columns: ["nope"] } },
      }),
    expect: /references unknown column\(s\) "nope"/,
  },
  {
    id: "index on an unknown column",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { i1: { columns: ["nope"] } }),
    expect: /index "i1": unknown column "nope"/,
  },
  {
    id: "unique gin index",
    kind: "rejected",
    mutate: (s) => (victims(s).indexes = { i1: { columns: ["name"], unique: true, method: "gin" } }),
    expect: /unique indexes need method btree/,
  },
  {
    id: "unique constraint over existing duplicate rows (data-dependent)",
    kind: "rejected",
    mutate: (s) =>
      (s.tables.parents.constraints = { parents_code_key: { type: "unique", columns: ["code"] } }),
    expect: /parents_code_key|could not create unique index|duplicate/,
  },
  // --- functions and triggers ---------------------------------------------------------------
  {
    id: "trigger on an unknown function",
    kind: "rejected",
    mutate: (s) =>
      (victims(s).triggers = {
        victims_touch: { timing: "before", events: ["update"], forEach: "row", function: "nope" },
      }),
    expect: /table "victims", trigger "victims_touch": function "public.nope" is not declared/,
  },
  {
    id: "trigger on a function that does not return trigger",
    kind: "rejected",
    mutate: (s) => {
      s.functions = { one: { returns: "integer", language: "sql", body: "select 1" } };
      victims(s).triggers = { victims_one: { timing: "after", events: ["insert"], function: "one" } };
    },
    expect: /trigger "victims_one": function "public.one" returns integer, not trigger/,
  },
  {
    id: "function body Postgres rejects",
    kind: "rejected",
    mutate: (s) =>
      (s.functions = { broken: { returns: "integer", language: "plpgsql", body: "begin retur 1; end" } }),
    expect: /function public\.broken\(\)[\s\S]*syntax error/,
  },
  {
    id: "function body smuggling a second statement outside its quotes",
    kind: "rejected",
    mutate: (s) => (s.functions = { f: { returns: "integer", language: "sql", body: `select 1 $$${drop}` } }),
    expect: /function "f": body has an unterminated dollar quote \$\$/,
  },
  {
    id: "function in an unsupported language",
    kind: "rejected",
    mutate: (s) => (s.functions = { f: { returns: "integer", language: "c", body: "f" } }),
    expect: /function "f": language must be sql or plpgsql, not "c"/,
  },
  {
    id: "trigger WHEN condition with injection",
    kind: "rejected",
    mutate: (s) => {
      s.functions = { touch: { returns: "trigger", language: "plpgsql", body: "begin return new; end" } };
      victims(s).triggers = {
        victims_touch: {
          timing: "before",
          events: ["update"],
          forEach: "row",
          function: "touch",
          when: `true)${drop}`,
        },
      };
    },
    expect: /trigger "victims_touch": when .* contains `;`|unbalanced/,
  },
  {
    id: "trigger argument and function body stored verbatim",
    kind: "exact",
    mutate: (s) => {
      s.functions = {
        touch: { returns: "trigger", language: "plpgsql", body: `begin return new; end -- it's $$${drop}\n` },
      };
      victims(s).triggers = {
        victims_touch: {
          timing: "before",
          events: ["update"],
          forEach: "row",
          function: "touch",
          arguments: [`'${drop}`],
        },
      };
    },
    check: async (url) => {
      const rows = await query<{ src: string; args: string }>(
        url,
        "select p.prosrc as src, encode(t.tgargs, 'escape') as args from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgname = 'victims_touch'",
      );
      if (rows[0]?.src !== `begin return new; end -- it's $$${drop}\n`)
        throw new Error(`body is ${JSON.stringify(rows[0]?.src)}`);
      if (!rows[0]?.args.startsWith(`'${drop}`))
        throw new Error(`arguments are ${JSON.stringify(rows[0]?.args)}`);
    },
  },
  // --- shape ------------------------------------------------------------------------------------
  {
    id: "misspelt property nullabel",
    kind: "rejected",
    mutate: (s) => addColumn(s, "x", { type: "text", nullabel: false } as ColumnDeclaration),
    expect: /unknown property "nullabel"/,
  },
  {
    id: "desired file is not JSON",
    kind: "rejected",
    raw: { text: '{"schemas": {', ext: "json" },
    expect: /not valid JSON/,
  },
  {
    id: "desired spec without schemas",
    kind: "rejected",
    raw: { text: '{"version": "1"}', ext: "json" },
    expect: /needs "schemas"/,
  },
  {
    id: "version that is not a string",
    kind: "rejected",
    raw: { text: '{"version": 7, "schemas": {}}', ext: "json" },
    expect: /version must be a string/,
  },
  {
    id: "desired .sql with a syntax error",
    kind: "rejected",
    raw: { text: "create tabel victims (id int);", ext: "sql" },
    expect: /syntax error/,
  },
  {
    id: "desired .sql referencing a missing table",
    kind: "rejected",
    raw: { text: "create table a (id int references nowhere(id));", ext: "sql" },
    expect: /relation "nowhere" does not exist/,
  },
  // --- domains and partitions (issue 15) ---------------------------------------------------
  {
    id: "domain check Postgres rejects",
    kind: "rejected",
    raw: {
      text: JSON.stringify({
        schemas: { public: { domains: { positive: { type: "integer", checks: { bad: "VALUE > 'abc'" } } } } },
      }),
      ext: "json",
    },
    expect: /create domain public\.positive.*invalid input syntax for type integer/s,
  },
  {
    id: "domain check that does not use VALUE",
    kind: "rejected",
    raw: {
      text: JSON.stringify({
        schemas: { public: { domains: { positive: { type: "integer", checks: { bad: "1 > 0" } } } } },
      }),
      ext: "json",
    },
    expect: /domain "positive", check "bad": expression "1 > 0" does not use VALUE/,
  },
  {
    id: "overlapping partition bounds",
    kind: "rejected",
    raw: {
      text: JSON.stringify({
        schemas: {
          public: {
            tables: {
              events: {
                columns: { at: { type: "date" } },
                partitionBy: "RANGE (at)",
                partitions: {
                  events_a: { values: "FROM ('2024-01-01') TO ('2025-01-01')" },
                  events_b: { values: "FROM ('2024-06-01') TO ('2025-06-01')" },
                },
              },
            },
          },
        },
      }),
      ext: "json",
    },
    expect: /partition public\.events_b.*would overlap partition "events_a"/s,
  },
  {
    id: "partitions without partitionBy",
    kind: "rejected",
    raw: {
      text: JSON.stringify({
        schemas: {
          public: { tables: { events: { columns: { at: { type: "date" } }, partitions: { e: "DEFAULT" } } } },
        },
      }),
      ext: "json",
    },
    expect: /table "events": partitions declared without partitionBy/,
  },
  {
    id: "empty desired .sql (would drop everything) without the data-loss opt-in",
    kind: "rejected",
    raw: { text: "-- nothing\n", ext: "sql" },
    noDataLossOptIn: true,
    expect: /drop|data/i,
  },
  ...roundTwo(),
  ...dataMoves(),
];

// Data moves (issue 18): backfills, USING conversions and one-off migrations.
function dataMoves(): BadInputCase[] {
  const migration = (s: SimpleSpec, sql: string) => (s.migrations = { "2026-12-bad": { sql } });
  return [
    rejected(
      "backfill that is two statements",
      (s) => addColumn(s, "label", { type: "text", backfill: `'a'${drop}` }),
      /column "label": backfill expression contains `;`/,
    ),
    rejected(
      "backfill that is two expressions",
      (s) => addColumn(s, "label", { type: "text", backfill: "'a', 'b'" }),
      /column "label": backfill expression contains a comma outside parentheses/,
    ),
    rejected(
      "backfill with a comment hiding the rest",
      (s) => addColumn(s, "label", { type: "text", backfill: "'a' --" }),
      /column "label": backfill expression contains an SQL comment/,
    ),
    rejected(
      "backfill over an unknown column",
      (s) => addColumn(s, "label", { type: "text", backfill: "upper(nmae)" }),
      /column "label": backfill expression "upper\(nmae\)" is refused by Postgres: column "nmae" does not exist/,
    ),
    rejected(
      "backfill of the wrong type",
      (s) => addColumn(s, "label", { type: "integer", backfill: "now()" }),
      /column "label": backfill expression "now\(\)" is refused by Postgres: column "label" is of type integer but expression is of type timestamp with time zone/,
    ),
    rejected(
      "backfill yielding NULL for a column that becomes NOT NULL",
      (s) =>
        addColumn(s, "label", {
          type: "text",
          nullable: false,
          backfill: "case when score > 40 then null else 'ok' end",
        }),
      /column public\.victims\.label: the backfill expression .* yields NULL for 10 row\(s\), and the column becomes NOT NULL; nothing was changed/,
    ),
    rejected(
      "backfill with a batch size of 0",
      (s) => addColumn(s, "label", { type: "text", backfill: { expression: "name", batchSize: 0 } }),
      /column "label": backfill\.batchSize must be a whole number from 1 to 10000000, not 0/,
    ),
    rejected(
      "backfill on a table without a primary key",
      (s) => addTable(s, "nokey", { columns: { a: { type: "text" }, b: { type: "text", backfill: "a" } } }),
      /table "nokey", column "b": backfill runs in batches by primary key: the table needs a primary key/,
    ),
    rejected(
      "backfill of an identity column",
      (s) => addColumn(s, "serial", { type: "bigint", identity: "by default", backfill: "1" }),
      /column "serial": backfill is for plain columns/,
    ),
    rejected(
      "USING that is two statements",
      (s) => (victims(s).columns.score = { type: "bigint", using: `score::bigint${drop}` }),
      /column "score": using expression contains `;`/,
    ),
    rejected(
      "USING that fails on existing rows",
      (s) => (victims(s).columns.score = { type: "smallint", using: "(score * 1000)::smallint" }),
      /column public\.victims\.score: the conversion to smallint USING \(score \* 1000\)::smallint fails on the existing rows: smallint out of range .*nothing was changed/,
    ),
    rejected(
      "migration that controls the transaction",
      (s) => migration(s, "BEGIN; UPDATE victims SET score = 0; COMMIT;"),
      /migration "2026-12-bad": sql must not control the transaction/,
    ),
    rejected(
      "migration without sql",
      (s) => migration(s, " "),
      /migration "2026-12-bad": sql must be a non-empty string/,
    ),
    rejected(
      "migration failing on existing rows",
      (s) => migration(s, "UPDATE victims SET score = score + 1 / (score - 7)"),
      /run migration 2026-12-bad \(once per database\)" failed: division by zero/,
    ),
  ];
}

// Function declarations (hoisted): badInputCases above calls roundTwo() while the module loads.
function addConstraint(s: SimpleSpec, name: string, c: ConstraintDeclaration): void {
  victims(s).constraints = { ...victims(s).constraints, [name]: c };
}
function addIndex(s: SimpleSpec, name: string, i: IndexDeclaration): void {
  victims(s).indexes = { ...victims(s).indexes, [name]: i };
}
function rejected(id: string, mutate: (s: SimpleSpec) => void, expect: RegExp): BadInputCase {
  return { id, kind: "rejected", mutate, expect };
}
function rawJson(id: string, text: string, expect: RegExp): BadInputCase {
  return { id, kind: "rejected", raw: { text, ext: "json" }, expect };
}
function fk(
  columns: string[],
  table: string,
  refColumns: string[],
  extra: Partial<ForeignKeyDeclaration> = {},
): ForeignKeyDeclaration {
  return { type: "foreignKey", columns, references: { table, columns: refColumns }, ...extra };
}

/** Round two (issue 22): more distinct bad inputs for every kind, each refused before anything changes. */
function roundTwo(): BadInputCase[] {
  return [
    // --- tables -------------------------------------------------------------------------------
    rejected("table renamedFrom itself", (s) => (victims(s).renamedFrom = "victims"), /renamedFrom/),
    rejected(
      "table renamedFrom a table that is still declared",
      (s) => addTable(s, "renamed", { renamedFrom: "parents" }),
      /renamedFrom "parents"/,
    ),
    rejected(
      "table renamedFrom a name over 63 bytes",
      (s) => addTable(s, "t2", { renamedFrom: long(64) }),
      /63/,
    ),
    rejected(
      "unlogged that is not a boolean",
      (s) => (victims(s).unlogged = "yes" as unknown as boolean),
      /unlogged/,
    ),
    rejected(
      "table comment that is not a string",
      (s) => (victims(s).comment = 5 as unknown as string),
      /comment/,
    ),
    rejected(
      "table columns given as an array",
      (s) => addTable(s, "t2", { columns: [] as unknown as TableDeclaration["columns"] }),
      /columns/,
    ),
    rejected(
      "misspelt table property colums",
      (s) => addTable(s, "t2", { colums: {} } as Partial<TableDeclaration>),
      /colums/,
    ),
    // --- columns ------------------------------------------------------------------------------
    rejected(
      "nullable that is not a boolean",
      (s) => addColumn(s, "x", { type: "text", nullable: "no" as unknown as boolean }),
      /nullable/,
    ),
    rejected(
      "primaryKey that is not a boolean",
      (s) => addColumn(s, "x", { type: "text", primaryKey: "yes" as unknown as boolean }),
      /primaryKey/,
    ),
    rejected(
      "column comment that is not a string",
      (s) => addColumn(s, "x", { type: "text", comment: 1 as unknown as string }),
      /comment/,
    ),
    rejected("empty default", (s) => addColumn(s, "x", { type: "text", default: "" }), /default/),
    rejected(
      "default with an unterminated quote",
      (s) => addColumn(s, "x", { type: "text", default: "'abc" }),
      /default/,
    ),
    rejected(
      "default of the wrong type",
      (s) => addColumn(s, "x", { type: "integer", default: "'abc'" }),
      /invalid input syntax for type integer/,
    ),
    rejected(
      "default with a block comment",
      (s) => addColumn(s, "x", { type: "integer", default: "1 /* two */" }),
      /default/,
    ),
    rejected(
      "generated expression on an unknown column",
      (s) => addColumn(s, "x", { type: "integer", generated: "nope * 2" }),
      /nope/,
    ),
    rejected(
      "generated identity column",
      (s) => addColumn(s, "x", { type: "bigint", identity: "always", generated: "score * 2" }),
      /identity|generated/,
    ),
    rejected(
      "generated with a volatile function",
      (s) => addColumn(s, "x", { type: "double precision", generated: "random()" }),
      /immutable/i,
    ),
    rejected(
      "unknown collation",
      (s) => addColumn(s, "x", { type: "text", collation: "xx_YY" }),
      /collation/,
    ),
    rejected(
      "collation on an integer column",
      (s) => addColumn(s, "x", { type: "integer", collation: "C" }),
      /collation/,
    ),
    rejected("varchar(0)", (s) => addColumn(s, "x", { type: "varchar(0)" }), /varchar|length/),
    rejected("varchar(-1)", (s) => addColumn(s, "x", { type: "varchar(-1)" }), /column "x"/),
    rejected(
      "numeric precision over 1000",
      (s) => addColumn(s, "x", { type: "numeric(1001)" }),
      /1000|precision/i,
    ),
    rejected("array of an unknown type", (s) => addColumn(s, "x", { type: "txet[]" }), /txet/),
    rejected(
      "malformed array type integer[][",
      (s) => addColumn(s, "x", { type: "integer[][" }),
      /column "x"/,
    ),
    rejected(
      "column named like a system column (ctid)",
      (s) => addColumn(s, "ctid", { type: "text" }),
      /ctid/,
    ),
    rejected(
      "column named like a system column (xmin)",
      (s) => addColumn(s, "xmin", { type: "integer" }),
      /xmin/,
    ),
    rejected(
      "column named like a system column (tableoid)",
      (s) => addColumn(s, "tableoid", { type: "oid" }),
      /tableoid/,
    ),
    // --- keys ---------------------------------------------------------------------------------
    rejected(
      "primary key constraint with no columns",
      (s) =>
        addTable(s, "t2", {
          columns: { a: { type: "integer" } },
          constraints: { t2_pkey: { type: "primaryKey", columns: [] } },
        }),
      /column/,
    ),
    rejected(
      "primary key on an unknown column",
      (s) =>
        addTable(s, "t2", {
          columns: { a: { type: "integer" } },
          constraints: { t2_pkey: { type: "primaryKey", columns: ["nope"] } },
        }),
      /nope/,
    ),
    rejected(
      "unique constraint with no columns",
      (s) => addConstraint(s, "u1", { type: "unique", columns: [] }),
      /column/,
    ),
    rejected(
      "unique constraint naming a column twice",
      (s) => addConstraint(s, "u1", { type: "unique", columns: ["name", "name"] }),
      /twice|duplicate|name/,
    ),
    rejected(
      "unique constraint on an unknown column",
      (s) => addConstraint(s, "u1", { type: "unique", columns: ["nope"] }),
      /nope/,
    ),
    rejected(
      "primary key on an xml column",
      (s) => addTable(s, "t2", { columns: { doc: { type: "xml", primaryKey: true } } }),
      /operator class|xml/,
    ),
    rejected(
      "unique constraint on a json column",
      (s) => {
        addColumn(s, "doc", { type: "json" });
        addConstraint(s, "u1", { type: "unique", columns: ["doc"] });
      },
      /json/,
    ),
    rejected(
      "exclusion constraint without elements",
      (s) => addConstraint(s, "x1", { type: "exclusion" } as unknown as ConstraintDeclaration),
      /exclusion|type/,
    ),
    rejected(
      "unique deferrable that is not a boolean",
      (s) =>
        addConstraint(s, "u1", {
          type: "unique",
          columns: ["name"],
          deferrable: "yes" as unknown as boolean,
        }),
      /deferrable/,
    ),
    rejected(
      "initially deferred without deferrable",
      (s) => addConstraint(s, "u1", { type: "unique", columns: ["name"], initiallyDeferred: true }),
      /DEFERRABLE|deferrable/,
    ),
    // --- checks -------------------------------------------------------------------------------
    rejected(
      "check with an empty expression",
      (s) => addConstraint(s, "c1", { type: "check", expression: "" }),
      /expression/,
    ),
    rejected(
      "check expression that is not boolean",
      (s) => addConstraint(s, "c1", { type: "check", expression: "score + 1" }),
      /boolean/,
    ),
    rejected(
      "check with an aggregate",
      (s) => addConstraint(s, "c1", { type: "check", expression: "count(*) > 0" }),
      /aggregate/,
    ),
    rejected(
      "check referencing another table's column",
      (s) => addConstraint(s, "c1", { type: "check", expression: "parents.code <> ''" }),
      /parents|FROM-clause/,
    ),
    rejected(
      "check with a block comment",
      (s) => addConstraint(s, "c1", { type: "check", expression: "score > 0 /* x */" }),
      /expression/,
    ),
    rejected(
      "check expression that is not a string",
      (s) => addConstraint(s, "c1", { type: "check", expression: 5 as unknown as string }),
      /expression/,
    ),
    // --- foreign keys -------------------------------------------------------------------------
    rejected("FK with no columns", (s) => addConstraint(s, "fk", fk([], "parents", [])), /column/),
    rejected(
      "FK referencing no columns",
      (s) => addConstraint(s, "fk", fk(["score"], "parents", [])),
      /column/,
    ),
    rejected(
      "FK between incompatible types",
      (s) => addConstraint(s, "fk", fk(["name"], "parents", ["id"])),
      /incompatible types|cannot be implemented/,
    ),
    rejected(
      "FK onUpdate action explode",
      (s) => addConstraint(s, "fk", fk(["score"], "parents", ["id"], { onUpdate: "explode" as "cascade" })),
      /onUpdate/,
    ),
    rejected(
      "FK to a table in an undeclared schema",
      (s) =>
        addConstraint(s, "fk", {
          ...fk(["score"], "parents", ["id"]),
          references: { schema: "elsewhere", table: "parents", columns: ["id"] },
        }),
      /elsewhere/,
    ),
    rejected(
      "FK initially deferred without deferrable",
      (s) => addConstraint(s, "fk", fk(["score"], "parents", ["id"], { initiallyDeferred: true })),
      /DEFERRABLE|deferrable/,
    ),
    {
      id: "FK whose existing rows have no parent (data-dependent)",
      kind: "rejected",
      mutate: (s) => addConstraint(s, "fk", fk(["score"], "parents", ["id"])),
      expect: /violates foreign key constraint|is not present/,
    },
    {
      id: "check violated by existing rows (data-dependent)",
      kind: "rejected",
      mutate: (s) => addConstraint(s, "c1", { type: "check", expression: "score > 10" }),
      expect: /is violated by some row/,
    },
    // --- indexes ------------------------------------------------------------------------------
    rejected("index with no columns", (s) => addIndex(s, "i1", { columns: [] }), /column/),
    rejected(
      "index INCLUDE of an unknown column",
      (s) => addIndex(s, "i1", { columns: ["name"], include: ["nope"] }),
      /nope/,
    ),
    rejected(
      "index with an unknown operator class",
      (s) => addIndex(s, "i1", { columns: [{ column: "name", opclass: "text_pattern_opz" }] }),
      /operator class/,
    ),
    rejected(
      "index order sideways",
      (s) => addIndex(s, "i1", { columns: [{ column: "name", order: "sideways" as "asc" }] }),
      /order/,
    ),
    rejected(
      "index nulls middle",
      (s) => addIndex(s, "i1", { columns: [{ column: "name", nulls: "middle" as "first" }] }),
      /nulls/,
    ),
    rejected(
      "gist index on text without an operator class",
      (s) => addIndex(s, "i1", { columns: ["name"], method: "gist" }),
      /operator class/,
    ),
    rejected(
      "hash index over two columns",
      (s) => addIndex(s, "i1", { columns: ["name", "score"], method: "hash" }),
      /multicolumn/,
    ),
    rejected(
      "index predicate with a volatile function",
      (s) => addIndex(s, "i1", { columns: ["name"], where: "random() > 0.5" }),
      /IMMUTABLE/i,
    ),
    rejected(
      "index expression with now()",
      (s) => addIndex(s, "i1", { columns: [{ expression: "now() - interval '1 day'" }] }),
      /IMMUTABLE/i,
    ),
    rejected(
      "index key with both a column and an expression",
      (s) => addIndex(s, "i1", { columns: [{ column: "name", expression: "lower(name)" }] }),
      /column|expression/,
    ),
    rejected(
      "index key with neither column nor expression",
      (s) => addIndex(s, "i1", { columns: [{ order: "desc" }] }),
      /column|expression/,
    ),
    {
      id: "unique index over existing duplicate rows (data-dependent, concurrent build)",
      kind: "rejected",
      mutate: (s) => (s.tables.parents.indexes = { parents_code_uidx: { columns: ["code"], unique: true } }),
      expect: /could not create unique index|duplicate/,
    },
    // --- enums --------------------------------------------------------------------------------
    rejected("enum value over 63 bytes", (s) => (s.enums.mood = ["happy", "sad", long(64)]), /63|label/),
    rejected("empty enum value", (s) => (s.enums.mood = ["happy", "sad", ""]), /label|empty/),
    rejected(
      "enum values given as a string",
      (s) => (s.enums.mood = "happy,sad" as unknown as string[]),
      /mood/,
    ),
    rejected(
      "enum value that is not a string",
      (s) => (s.enums.mood = ["happy", "sad", 5 as unknown as string]),
      /mood/,
    ),
    rejected(
      "enum renamedValues from a value that does not exist",
      (s) => (s.enums.mood = { values: ["happy", "blue"], renamedValues: { blue: "grumpy" } }),
      /grumpy|sad/,
    ),
    {
      id: "enum value removed while rows use it",
      kind: "rejected",
      mutate: (s) => (s.enums.mood = ["sad"]),
      expect: /happy|enum/,
    },
    rejected("enum values reordered", (s) => (s.enums.mood = ["sad", "happy"]), /order|enum/),
    rejected("NUL byte in an enum name", (s) => (s.enums["mo\u0000od"] = ["a"]), /NUL/),
    // --- views --------------------------------------------------------------------------------
    rejected(
      "view on an undeclared table",
      (s) => (s.views = { bad_view: { query: "select id from refunds" } }),
      /view public\.bad_view[\s\S]*relation "refunds" does not exist/,
    ),
    rejected(
      "view query Postgres rejects",
      (s) => (s.views = { bad_view: { query: "select id frm victims" } }),
      /view public\.bad_view[\s\S]*syntax error/,
    ),
    rejected(
      "view query smuggling a second statement",
      (s) => (s.views = { bad_view: { query: "select 1 as one; drop table victims" } }),
      /view "bad_view": query contains `;` followed by more SQL/,
    ),
    rejected(
      "view query with an unterminated comment",
      (s) => (s.views = { bad_view: { query: "select 1 as one /* drop table victims" } }),
      /view "bad_view": query has an unterminated \/\* comment/,
    ),
    rejected(
      "indexes on a plain view",
      (s) =>
        (s.views = {
          bad_view: { query: "select id from victims", indexes: { bad_idx: { columns: ["id"] } } },
        }),
      /view "bad_view": only materialized views have indexes/,
    ),
    rejected(
      "view with the name of a table",
      (s) => (s.views = { victims: { query: "select 1 as one" } }),
      /duplicate table\/index\/constraint name "victims"/,
    ),
    // --- versions -----------------------------------------------------------------------------
    rejected("empty version", (s) => (s.version = ""), /version/),
    rejected("NUL byte in the version", (s) => (s.version = "1\u00002"), /version|NUL/),
    rawJson(
      "version that is an object",
      '{"version": {"major": 1}, "schemas": {}}',
      /version must be a string/,
    ),
    // --- spec files ---------------------------------------------------------------------------
    rawJson("schemas given as an array", '{"version": "1", "schemas": []}', /schemas/),
    rawJson(
      "empty schema name",
      '{"version": "1", "schemas": {"": {"tables": {}}}}',
      /empty schema name|schema/,
    ),
    rawJson(
      "system schema pg_catalog declared",
      '{"version": "1", "schemas": {"pg_catalog": {"tables": {}}}}',
      /pg_catalog/,
    ),
    rawJson(
      "information_schema declared",
      '{"version": "1", "schemas": {"information_schema": {"tables": {}}}}',
      /information_schema/,
    ),
    rawJson("tables given as an array", '{"version": "1", "schemas": {"public": {"tables": []}}}', /tables/),
    rawJson("JSON with trailing garbage", '{"version": "1", "schemas": {}} x', /JSON/),
    rawJson("JSON that is an array", "[]", /spec|object/),
    rawJson("JSON null", "null", /spec|object/),
    rawJson("misspelt top-level key tabels", '{"version": "1", "schemas": {}, "tabels": {}}', /tabels/),
    rawJson("empty desired file", "", /JSON|empty/),
  ];
}
