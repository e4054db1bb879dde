// The normalised schema model: what the planner compares and the fingerprint hashes.
// Built from declarations (fromSpec) or from the live catalog (core/introspect); both produce the
// same shapes so "inspect equals desired" is a plain structural comparison.
import type { PolicyModel, RowLevelSecurityModel } from "./policy";
import type { GrantMap, ObjectAccess, SchemaAccessModel } from "./privilege";
import type { RoleModel } from "./role";
import type { FunctionModel } from "./function";
import type { TriggerModel } from "./trigger";

export type { FunctionModel, TriggerModel };
import type { BackfillModel, MigrationModel } from "./migration";

export type IdentityKind = "always" | "by default";
export type ReferentialAction = "no action" | "restrict" | "cascade" | "set null" | "set default";
export type IndexMethod = "btree" | "hash" | "gin" | "gist" | "brin";
export type SortOrder = "asc" | "desc";
export type NullsOrder = "first" | "last";

import type { CompositeTypeModel } from "./composite-type";
import type { DomainModel } from "./domain";
import type { ExclusionConstraint } from "./exclusion";
import type { PartitionModel } from "./partition";

export type { CompositeTypeModel, DomainModel, ExclusionConstraint, PartitionModel };

export interface ColumnModel {
  name: string;
  /** Normalised type as Postgres' format_type() prints it with an empty search_path. */
  type: string;
  nullable: boolean;
  /** Default expression, whitespace-normalised; Postgres' own rendering when it came from the catalog. */
  default: string | null;
  identity: IdentityKind | null;
  /** Expression of a GENERATED ALWAYS AS (...) STORED column. */
  generated: string | null;
  /** Only a collation that differs from the type's default. */
  collation: string | null;
  comment: string | null;
  /** Migration hint: the column's previous name. Not part of the schema's shape (not fingerprinted). */
  renamedFrom: string | null;
  /** Column privileges (core/model/privilege.ts); absent: not managed. */
  grants?: GrantMap;
  /** Data-move hint (core/model/migration.ts): fill NULLs from this expression, in batches. Absent when not declared. */
  backfill?: BackfillModel;
  /** Data-move hint: how existing values convert when the type changes. Absent when not declared. */
  using?: string;
}

export interface PrimaryKeyConstraint {
  kind: "primaryKey";
  name: string;
  columns: string[];
}

export interface UniqueConstraint {
  kind: "unique";
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
  deferrable: boolean;
  initiallyDeferred: boolean;
}

export interface CheckConstraint {
  kind: "check";
  name: string;
  /** The boolean expression without the surrounding CHECK (...). */
  expression: string;
  /** CHECK ... NO INHERIT; absent when false. */
  noInherit?: true;
}

export interface ForeignKeyConstraint {
  kind: "foreignKey";
  name: string;
  columns: string[];
  references: { schema: string; table: string; columns: string[] };
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  deferrable: boolean;
  initiallyDeferred: boolean;
}

export type ConstraintModel = (
  PrimaryKeyConstraint | UniqueConstraint | CheckConstraint | ForeignKeyConstraint | ExclusionConstraint
) & {
  /** Absent when none (so models without constraint comments keep their shape). */
  comment?: string;
};

export interface IndexKey {
  /** Exactly one of column and expression is set. */
  column: string | null;
  expression: string | null;
  order: SortOrder;
  nulls: NullsOrder;
  /** Only a non-default operator class. */
  opclass: string | null;
  collation: string | null;
}

export interface IndexModel {
  name: string;
  method: IndexMethod;
  unique: boolean;
  nullsNotDistinct: boolean;
  keys: IndexKey[];
  include: string[];
  where: string | null;
  /** Storage parameters (`WITH (fillfactor=70)`), as reloptions prints them; absent when none. */
  with?: Record<string, string>;
  /** Absent when none (so models without index comments keep their shape). */
  comment?: string;
}

export interface TableModel {
  schema: string;
  name: string;
  unlogged: boolean;
  comment: string | null;
  renamedFrom: string | null;
  /** In declaration order (used for CREATE TABLE); compared as a set. */
  columns: ColumnModel[];
  constraints: ConstraintModel[];
  /** Indexes declared on their own; the indexes behind primary key / unique constraints are not listed. */
  indexes: IndexModel[];
  /** Access control (core/model/privilege.ts, policy.ts); each absent when not declared: not managed. */
  owner?: string;
  grants?: GrantMap;
  rowLevelSecurity?: RowLevelSecurityModel;
  policies?: PolicyModel[];
  /** Partitioned tables only (absent otherwise, which keeps older fingerprints): see partition.ts. */
  partitionBy?: string;
  partitions?: PartitionModel[];
}

export interface EnumModel {
  schema: string;
  name: string;
  values: string[];
  comment: string | null;
  renamedFrom: string | null;
  /** Migration hint: new value -> previous value. */
  renamedValues: Record<string, string>;
  /** Access control (core/model/privilege.ts); absent when not declared: not managed. */
  owner?: string;
  grants?: GrantMap;
}

import type { ViewModel } from "./view";
export type SequenceType = "smallint" | "integer" | "bigint";

/** A sequence (standalone or behind a serial column); every option resolved, bounds as decimal text. */
export interface SequenceModel extends ObjectAccess {
  schema: string;
  name: string;
  type: SequenceType;
  increment: string;
  minValue: string;
  maxValue: string;
  start: string;
  cache: string;
  cycle: boolean;
  /** The column it belongs to (same schema): dropped with it. */
  ownedBy: { table: string; column: string } | null;
  comment: string | null;
}

/** An installed extension; its own objects are never managed as the user's. */
export interface ExtensionModel {
  name: string;
  /** The schema its objects live in. */
  schema: string;
  /** null in a declaration: whatever the server installs by default. */
  version: string | null;
}

export interface SchemaModel {
  version: string | null;
  /** The managed namespaces; anything in other schemas is left alone. */
  schemas: string[];
  enums: EnumModel[];
  tables: TableModel[];
  /** Schemas' owners, grants and default privileges, where declared (core/model/privilege.ts). */
  schemaAccess?: SchemaAccessModel[];
  /** Roles the schema needs (cluster-wide; core/model/role.ts). */
  roles?: RoleModel[];
  /** Functions and procedures; absent when there are none (older models and stacks never had it). */
  functions?: FunctionModel[];
  /** Triggers on the tables; absent when there are none. */
  triggers?: TriggerModel[];
  /** Optional so models (and fingerprints) of schemas without them stay as they were. */
  domains?: DomainModel[];
  compositeTypes?: CompositeTypeModel[];
  /** Absent when there are none, so models (and fingerprints) of schemas without any stay as they were. */
  sequences?: SequenceModel[];
  extensions?: ExtensionModel[];
  /** One-off data migrations (core/model/migration.ts), run once per database; absent when none. */
  migrations?: MigrationModel[];
  /** Views and materialized views (core/model/view.ts); absent or empty when none are managed. */
  views?: ViewModel[];
}

export function emptySchemaModel(schemas: string[] = ["public"]): SchemaModel {
  return { version: null, schemas: [...schemas], enums: [], tables: [] };
}
