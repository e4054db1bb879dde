// Program-side resource classes: typed inputs for the engine, with the shared provider shell.
import * as pulumi from "@pulumi/pulumi";
import type {
  BackupProps,
  BranchProps,
  CatalogObjectProps,
  ExecutedStep,
  MigrationProps,
  PromotionGateProps,
  RehearsalProps,
  RoleProps,
  SchemaVersionProps,
} from "./provider-props";
import type { BackupManifest } from "../core/backup/manifest";
import type { BranchHandle } from "../core/branch/types";
import { ShellResource } from "./shell";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Type token per catalog object kind (pulumi-nodejs:dynamic/schemastack:<type>). */
const catalogObjectTypes: Record<string, string> = {
  table: "Table",
  enum: "EnumType",
  view: "View",
  domain: "Domain",
  compositeType: "CompositeType",
  sequence: "Sequence",
  extension: "Extension",
  function: "Function",
  trigger: "Trigger",
};

/**
 * A table (its columns, constraints and indexes keyed by name), an enum type or a view (plain or
 * materialized, its query as Postgres prints it). Reports drift and
 * verifies; the Database's Migration runs the DDL. The type tokens are the ones earlier releases
 * used for the same objects, so existing stacks update these resources in place.
 */
export class CatalogObject extends ShellResource {
  constructor(name: string, args: Inputs<CatalogObjectProps>, opts?: pulumi.CustomResourceOptions) {
    super("catalogObject", catalogObjectTypes[(args as { kind: string }).kind] ?? "Table", name, args, opts);
  }
}

export const migrationType = "pulumi-nodejs:dynamic/schemastack:Migration";
/** The Database's whole plan, applied once per update (after the backup, before the version row). */
export class Migration extends ShellResource {
  /** The statements the last update ran, encoded (schema-encoding.ts `decodeSteps`). */
  declare readonly steps: pulumi.Output<string | ExecutedStep[]>;
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(name: string, args: Inputs<MigrationProps>, opts?: pulumi.CustomResourceOptions) {
    super("migration", "Migration", name, { ...args, steps: null, appliedAt: null }, opts);
  }
}

/** The schema version row (version, fingerprint, stack, time), written after every other change. */
export class SchemaVersion extends ShellResource {
  declare readonly version: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SchemaVersionProps>, opts?: pulumi.CustomResourceOptions) {
    super(
      "schemaVersion",
      "SchemaVersion",
      name,
      { ...args, version: args.version, fingerprint: args.fingerprint },
      opts,
    );
  }
}

/** The verified pre-migration dump; every schema object depends on it. */
export class Backup extends ShellResource {
  declare readonly manifest: pulumi.Output<BackupManifest | null>;

  constructor(
    name: string,
    args: Inputs<Omit<BackupProps, "manifest">>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("backup", "Backup", name, { ...args, manifest: null }, opts);
  }
}

/** Runs the declared changes on a fresh branch of the parent database before anything else. */
export class Rehearsal extends ShellResource {
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly steps: pulumi.Output<RehearsalProps["steps"]>;
  declare readonly rehearsedAt: pulumi.Output<RehearsalProps["rehearsedAt"]>;
  declare readonly durationMs: pulumi.Output<RehearsalProps["durationMs"]>;
  declare readonly copy: pulumi.Output<RehearsalProps["copy"]>;

  constructor(
    name: string,
    args: Inputs<Omit<RehearsalProps, "rehearsedAt" | "durationMs" | "steps" | "keptBranch" | "copy">>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      "rehearsal",
      "Rehearsal",
      name,
      { ...args, rehearsedAt: null, durationMs: null, steps: null, keptBranch: null, copy: null },
      opts,
    );
  }
}

/** Refuses (in preview and up) a schema the source stack has not applied and rehearsed. */
export class PromotionGate extends ShellResource {
  constructor(name: string, args: Inputs<PromotionGateProps>, opts?: pulumi.CustomResourceOptions) {
    super("promotionGate", "PromotionGate", name, args, opts);
  }
}

/** A persistent branch (copy) of a parent database. */
export class Branch extends ShellResource {
  declare readonly handle: pulumi.Output<BranchHandle>;

  constructor(name: string, args: Inputs<Omit<BranchProps, "handle">>, opts?: pulumi.CustomResourceOptions) {
    super(
      "branch",
      "Branch",
      name,
      { ...args, parent: pulumi.secret(args.parent), handle: null },
      { ...opts, additionalSecretOutputs: ["handle"] },
    );
  }
}

export const roleType = "pulumi-nodejs:dynamic/schemastack:Role";
/** A role the schema needs (cluster-wide): its password (a secret) and, when removed, its drop. */
export class Role extends ShellResource {
  constructor(name: string, args: Inputs<RoleProps>, opts?: pulumi.CustomResourceOptions) {
    super(
      "role",
      "Role",
      name,
      { ...args, password: args.password === null ? null : pulumi.secret(args.password) },
      { ...opts, additionalSecretOutputs: ["password"] },
    );
  }
}
