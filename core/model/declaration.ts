// The declaration format: what people write (JSON spec files, the component API) and what
// `schemastack inspect` prints. Keyed by name so it reads like the schema; fromSpec() turns it into
// the normalised SchemaModel. Components import these types: the component API is a thin layer over them.
import type { FunctionDeclaration, ProcedureDeclaration } from "./function";
import type { TriggerDeclaration } from "./trigger";
import type { CompositeTypeDeclaration } from "./composite-type";
import type { DomainDeclaration } from "./domain";
import type { ExclusionDeclaration } from "./exclusion";
import type { ExtensionDeclaration } from "./extension";
import type { SequenceDeclaration } from "./sequence";
import type { BackfillDeclaration, MigrationDeclaration } from "./migration";
import type { ViewDeclaration } from "./view";
import type { IdentityKind, IndexMethod, NullsOrder, ReferentialAction, SortOrder } from "./model";
import type { PolicyDeclaration, RowLevelSecurityDeclaration } from "./policy";
import type { DefaultPrivilegesDeclaration, GrantsDeclaration } from "./privilege";
import type { RoleDeclaration } from "./role";
import type { PartitionDeclaration } from "./partition";

export type { CompositeTypeDeclaration, DomainDeclaration, ExclusionDeclaration, PartitionDeclaration };

export interface ColumnDeclaration {
  /**
   * Any spelling Postgres accepts for a supported type: "int4", "varchar(20)", "text[]", an enum name,
   * a declared extension's type ("citext"), or serial/bigserial/smallserial (an integer column owning
   * the sequence behind its nextval() default, as Postgres makes it).
   */
  type: string;
  /** Defaults to true, except for primary key and identity columns. */
  nullable?: boolean;
  /** SQL expression, e.g. "now()" or "'draft'::text". */
  default?: string;
  identity?: IdentityKind;
  /** Expression of a GENERATED ALWAYS AS (...) STORED column. */
  generated?: string;
  collation?: string;
  comment?: string;
  /** Shorthand for a one-column primary key named <table>_pkey. */
  primaryKey?: boolean;
  /** Shorthand for a one-column unique constraint named <table>_<column>_key. */
  unique?: boolean;
  /** The column's previous name: plan a rename instead of drop + add. */
  renamedFrom?: string;
  /** Column privileges, e.g. `{ app: ["select", "update"] }`; exact when declared. */
  grants?: GrantsDeclaration;
  /** Fill the column where it is NULL from this expression over the row, in batches by primary key. */
  backfill?: BackfillDeclaration;
  /** How existing values convert when the type changes, e.g. "nullif(code, '')::integer". */
  using?: string;
}

export interface IndexKeyDeclaration {
  column?: string;
  expression?: string;
  order?: SortOrder;
  nulls?: NullsOrder;
  opclass?: string;
  collation?: string;
}

export interface IndexDeclaration {
  columns: Array<string | IndexKeyDeclaration>;
  method?: IndexMethod;
  unique?: boolean;
  nullsNotDistinct?: boolean;
  include?: string[];
  /** Partial index predicate. */
  where?: string;
  /** Storage parameters, e.g. { fillfactor: 70 }. */
  with?: Record<string, string | number | boolean>;
  comment?: string;
}

export interface PrimaryKeyDeclaration {
  type: "primaryKey";
  columns: string[];
}

export interface UniqueDeclaration {
  type: "unique";
  columns: string[];
  nullsNotDistinct?: boolean;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

export interface CheckDeclaration {
  type: "check";
  expression: string;
  /** CHECK ... NO INHERIT: not inherited by child tables. */
  noInherit?: boolean;
}

export interface ForeignKeyDeclaration {
  type: "foreignKey";
  columns: string[];
  /** schema defaults to the referencing table's schema. */
  references: { schema?: string; table: string; columns: string[] };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

export type ConstraintDeclaration = (
  PrimaryKeyDeclaration | UniqueDeclaration | CheckDeclaration | ForeignKeyDeclaration | ExclusionDeclaration
) & { comment?: string };

export interface TableDeclaration {
  /** Only for APIs that declare tables one by one (the component API); the spec nests tables under schemas. */
  schema?: string;
  columns: Record<string, ColumnDeclaration>;
  constraints?: Record<string, ConstraintDeclaration>;
  indexes?: Record<string, IndexDeclaration>;
  unlogged?: boolean;
  comment?: string;
  /** The table's previous name (same schema): plan a rename instead of drop + create. */
  renamedFrom?: string;
  /** Owner role; absent: left as it is. */
  owner?: string;
  /** Privileges by grantee, e.g. `{ app_rw: ["select", "insert"] }`; exact when declared. */
  grants?: GrantsDeclaration;
  rowLevelSecurity?: RowLevelSecurityDeclaration;
  /** Row-level security policies by name; exact when declared. */
  policies?: Record<string, PolicyDeclaration>;
  /** Triggers on this table, by name. */
  triggers?: Record<string, TriggerDeclaration>;
  /** Makes it a partitioned table: `RANGE (created_at)`, `LIST (region)`, `HASH (id)`. */
  partitionBy?: string;
  /** Its partitions (same schema), by name: `{ orders_2024: { values: "FROM ('2024-01-01') TO ('2025-01-01')" } }`. */
  partitions?: Record<string, PartitionDeclaration | string>;
}

export interface EnumObjectDeclaration {
  values: string[];
  comment?: string;
  renamedFrom?: string;
  /** New value -> previous value, for ALTER TYPE ... RENAME VALUE. */
  renamedValues?: Record<string, string>;
  owner?: string;
  /** USAGE by grantee; PUBLIC keeps its default USAGE unless `PUBLIC` is listed. */
  grants?: GrantsDeclaration;
}

export type EnumDeclaration = string[] | EnumObjectDeclaration;

export interface NamespaceDeclaration {
  tables?: Record<string, TableDeclaration>;
  enums?: Record<string, EnumDeclaration>;
  /** The schema's comment (COMMENT ON SCHEMA); absent: none. */
  comment?: string;
  /** The schema's owner; absent: left as it is. */
  owner?: string;
  /** USAGE / CREATE on the schema by grantee; exact when declared. */
  grants?: GrantsDeclaration;
  /** ALTER DEFAULT PRIVILEGES in this schema, by the role whose new objects get them; exact when declared. */
  defaultPrivileges?: DefaultPrivilegesDeclaration;
  functions?: Record<string, FunctionDeclaration>;
  procedures?: Record<string, ProcedureDeclaration>;
  domains?: Record<string, DomainDeclaration>;
  compositeTypes?: Record<string, CompositeTypeDeclaration>;
  sequences?: Record<string, SequenceDeclaration>;
  /** Extensions installed into this schema. */
  extensions?: Record<string, ExtensionDeclaration>;
  /** Views and materialized views (`materialized: true`), keyed by name. */
  views?: Record<string, ViewDeclaration>;
}

export type { FunctionDeclaration, ProcedureDeclaration, TriggerDeclaration };
export type { ExtensionDeclaration, SequenceDeclaration };

/** The JSON spec format read by the CLI (`--desired file.json`) and printed by `inspect --format json`. */
export interface SchemaSpec {
  version?: string;
  schemas: Record<string, NamespaceDeclaration>;
  /** Roles the schema needs (cluster-wide: created when missing, never dropped by a plan). */
  roles?: Record<string, RoleDeclaration>;
  /** Grants declared apart from their object, by reference: `table:public.orders`, `column:public.orders.total`, `schema:app`, `type:public.mood`. */
  grants?: Record<string, GrantsDeclaration>;
  /** One-off data migrations by name, run once per database (core/model/migration.ts). */
  migrations?: Record<string, MigrationDeclaration>;
}
