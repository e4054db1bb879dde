// What each dynamic resource's provider takes and returns, as types only. The program-side
// resource classes (resources.ts) and components need these types, not the providers: a program
// type-checked by ts-node loads every module its imports reach, types included, and the providers
// reach the S3 client (~600 declaration files), the branch drivers, the planner and the executor.
// So this module imports only light type modules, and each provider imports its types from here.
import type { BackupManifest } from "../core/backup/manifest";
import type { BackupTargetConfig } from "../core/backup/target-config";
import type { BranchDriverConfig } from "../core/branch/driver-config";
import type { BranchHandle, CopyReport } from "../core/branch/types";
import type { ManagedScope } from "../core/model/scope";
import type { ObjectProps } from "./object-shape";

// Catalog objects (tables, enums, views, ...): catalog-object-provider.ts.
export type CatalogObjectKind =
  "table" | "enum" | "view" | "sequence" | "extension" | "domain" | "compositeType" | "function" | "trigger";

export type CatalogObjectProps = {
  connection: string;
  kind: CatalogObjectKind;
  schema: string;
  name: string;
  /**
   * The Database's managed scope (absent: none). Live columns, indexes and constraints it ignores
   * (a library's index on a declared table) are not drift. A table input, not provider-process
   * state: refresh reads tables without running the Migration's provider calls first.
   */
  managedScope?: ManagedScope | null;
} & ObjectProps;

// What a plan run records and manages: schema-engine.ts.
/** Tables and enum types ("schema.name") a declaration manages. */
export interface ManagedObjects {
  tables: string[];
  enums: string[];
  /** Domains and composite types; absent when there are none (and in state written before them). */
  types?: string[];
  /** "schema.name"; absent in outputs of earlier releases and when none were declared. */
  sequences?: string[];
  /** Extension names. */
  extensions?: string[];
  /** Declared schemas: one the next declaration no longer has is dropped (with what it still holds). */
  schemas?: string[];
  /** Present once a declaration had views (absent in state written before, or without views). */
  views?: string[];
  /** Functions and procedures ("schema.name"); absent when none were declared. */
  functions?: string[];
  /** Triggers ("schema.table.name"); absent when none were declared. */
  triggers?: string[];
}

/** A statement as it ran: what the rehearsal and the migration record in their outputs. */
export interface ExecutedStep {
  objectKey: string;
  description: string;
  sql: string;
  durationMs: number;
  /** Time lost to lock timeouts and backoff before the step got its lock (the executor's measure). */
  lockWaitMs: number;
  /** The table lock the step takes (how long writers would wait on prod: core/branch/rehearsal-report.ts). */
  lock: string;
}

// The Database's migration: migration-provider.ts.
export interface MigrationProps {
  connection: string;
  /** The declared schema (schema-encoding.ts); not echoed in the outputs. */
  schema: string;
  fingerprint: string;
  /** The Database's data-loss opt-in (the stack's schemastack:allowDataLoss counts too). */
  allowDataLoss: boolean;
  /** Tables' `ignoreChanges` ("schema.table" -> property paths): the plan keeps those properties live. */
  ignoreChanges: Record<string, string[]>;
  /** The Database's managed scope (null when it has none): what the plan leaves alone. */
  managedScope: ManagedScope | null;
  /** Set when the program could not render the declaration: check refuses it, naming the reason. */
  renderError: string | null;
  /** This resource's URN, so its warnings are shown against it. */
  urn: string;
}

export interface MigrationOutputs extends Omit<MigrationProps, "schema"> {
  /**
   * The objects the applied declaration manages (what the next one may drop), encoded
   * (schema-encoding.ts `decodeManaged`); state written by earlier releases has the plain record.
   */
  managed: string | ManagedObjects | null;
  /**
   * The statements the last update ran, in order, with their durations and lock waits, encoded
   * (schema-encoding.ts `decodeSteps`: a first update of 1000 tables runs ~4000 statements, ~1 MB
   * as plain JSON in every checkpoint after it). State written by earlier releases has the list.
   */
  steps: string | ExecutedStep[];
  appliedAt: string | null;
}

// The pre-migration backup: backup-provider.ts.
export interface BackupProps {
  connection: string;
  target: BackupTargetConfig;
  stack: string;
  fingerprint: string;
  /**
   * The declared schema (schema-encoding.ts): history and rollback read it from each checkpoint.
   * Kept in the inputs only (state written before it has `desired`, the plain model).
   */
  schema: string;
  /** Tables' `ignoreChanges`, as the migration gets them (so the backup judges the same plan). */
  ignoreChanges: Record<string, string[]>;
  /** The Database's managed scope (null: none), as the migration gets it. */
  managedScope: ManagedScope | null;
  /** The Database's data-loss opt-in: a plan that would be refused is refused before the dump. */
  allowDataLoss: boolean;
  /** How many dumps per stack to keep (null: keep all). */
  keep: number | null;
  /** The last verified backup (output). */
  manifest: BackupManifest | null;
}

export type BackupOutputs = Omit<BackupProps, "schema"> & {
  /** The objects of the declaration last backed up for (the migration's plan drops the rest), encoded. */
  managed?: string | ManagedObjects | null;
};

// The staging rehearsal: rehearsal-provider.ts.
/** A rehearsed statement with its duration and lock wait (the migration records the same shape). */
export type RehearsalStepReport = ExecutedStep;

export interface RehearsalProps {
  /** The database the branch is made from (prod); a secret. */
  parentConnection: string;
  driver: BranchDriverConfig;
  fingerprint: string;
  /** The declared schema (schema-encoding.ts), as the migration resource gets it. */
  schema: string;
  /** Tables' `ignoreChanges`, as the migration gets them, so both run the same plan. */
  ignoreChanges: Record<string, string[]>;
  /** The Database's managed scope (null: none), as the migration gets it. */
  managedScope: ManagedScope | null;
  allowDataLoss: boolean;
  smokeSql: string[];
  keepBranch: boolean;
  /** Outputs. */
  rehearsedAt: string | null;
  durationMs: number | null;
  steps: RehearsalStepReport[] | null;
  keptBranch: string | null;
  /** How the copy of the parent was made and when (issue 21). */
  copy: CopyReport | null;
  /** The objects of the declaration last rehearsed (the next plan drops those it no longer has), encoded. */
  managed?: string | ManagedObjects | null;
}

// A persistent branch: branch-provider.ts.
export interface BranchProps {
  parent: string;
  driver: BranchDriverConfig;
  name: string;
  /** Output: the branch (its connection URL is a secret). */
  handle: BranchHandle | null;
}

// The promotion gate: promotion-gate-provider.ts.
export interface PromotionGateProps {
  /** The stack the schema must come from, for the message. */
  fromStack: string;
  /** What that stack applied and rehearsed (its stack outputs), null when it never did. */
  appliedFingerprint: string | null;
  rehearsedFingerprint: string | null;
  /** The fingerprint this stack is about to apply. */
  fingerprint: string;
  /** An explicit, recorded override (stack config schemastack:promotionOverride). */
  override: boolean;
  /** The source stack's `rehearsal` output (core/branch RehearsalReport), null when it has none. */
  rehearsal: unknown;
}

// A role: role-provider.ts.
export interface RoleProps {
  connection: string;
  name: string;
  login: boolean;
  memberOf: string[];
  /** A Pulumi secret (encrypted in the state); null: the role has no password managed here. */
  password: string | null;
  /** This resource's URN, so its drift warnings are shown against it. */
  urn: string;
}

// The schema version row: schema-version-provider.ts.
export interface SchemaVersionProps {
  connection: string;
  /** Where the row lives; the schema is outside the managed ones so planners never touch it. */
  schema: string;
  table: string;
  version: string;
  fingerprint: string;
  stack: string;
}
