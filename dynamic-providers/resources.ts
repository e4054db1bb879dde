// Program-side resource classes: typed inputs for the engine, with the shared provider shell.
import * as pulumi from "@pulumi/pulumi";
import type { ObjectFragment, ObjectKind, ObjectRef } from "../core/model/objects";
import type { SchemaObjectProps } from "./runtime/object-provider";
import type { SchemaVersionProps } from "./runtime/schema-version-provider";
import type { BackupProps } from "./runtime/backup-provider";
import type { BackupManifest } from "../core/backup";
import { providerShell } from "./shell";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

const typeNames: Record<ObjectKind, string> = {
  table: "Table",
  column: "Column",
  index: "Index",
  constraint: "Constraint",
  enum: "EnumType",
};

const objectProvider = providerShell("schemaObject");

/** One schema object (a table's own properties, a column, an index, a constraint or an enum type). */
export class SchemaObject extends pulumi.dynamic.Resource {
  declare readonly ref: pulumi.Output<ObjectRef>;
  declare readonly object: pulumi.Output<ObjectFragment>;

  constructor(
    name: string,
    args: Inputs<SchemaObjectProps>,
    kind: ObjectKind,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      objectProvider,
      name,
      { ...args, ref: args.ref, object: args.object },
      opts,
      "schemastack",
      typeNames[kind],
    );
  }
}

const versionProvider = providerShell("schemaVersion");

/** The schema version row (version, fingerprint, stack, time), written after every other change. */
export class SchemaVersion extends pulumi.dynamic.Resource {
  declare readonly version: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SchemaVersionProps>, opts?: pulumi.CustomResourceOptions) {
    super(
      versionProvider,
      name,
      { ...args, version: args.version, fingerprint: args.fingerprint },
      opts,
      "schemastack",
      "SchemaVersion",
    );
  }
}

const backupProviderShell = providerShell("backup");

/** The verified pre-migration dump; every schema object depends on it. */
export class Backup extends pulumi.dynamic.Resource {
  declare readonly manifest: pulumi.Output<BackupManifest | null>;

  constructor(
    name: string,
    args: Inputs<Omit<BackupProps, "manifest">>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(backupProviderShell, name, { ...args, manifest: null }, opts, "schemastack", "Backup");
  }
}
