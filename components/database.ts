// The Database component: collects table and enum declarations, validates the whole schema at
// once (precise errors before any resource is registered, so nothing is half-applied), then
// expands it into resources: enum types, tables with their columns, constraints and indexes, and
// the schema version row last.
import * as pulumi from "@pulumi/pulumi";
import type { EnumDeclaration, SchemaSpec, TableDeclaration } from "../core/model/declaration";
import { fromSpec } from "../core/model/from-declaration";
import { schemaFingerprint } from "../core/model/fingerprint";
import type { SchemaModel } from "../core/model/model";
import type { BackupTargetConfig } from "../core/backup";
import { Backup, SchemaObject, SchemaVersion } from "../dynamic-providers/resources";
import { logicalTableName, Table } from "./table";

export interface DatabaseArgs {
  /** postgres:// URL; stored as a Pulumi secret. */
  connection: pulumi.Input<string>;
  /** Allow steps that delete data (drop table/column, narrowing type changes). Default false. */
  allowDataLoss?: boolean;
  /** Where the version row goes; outside the managed schemas. Default schemastack.schema_version. */
  versionTable?: { schema: string; table: string };
  /**
   * Where the verified pre-migration dump goes (S3 or a folder), taken before any change; `false`
   * turns backups off (say so explicitly: the default is to require one).
   */
  backup: { target: BackupTargetConfig; keep?: number } | false;
}

export interface DeclaredTable extends TableDeclaration {
  /** Default "public". */
  schema?: string;
}

export class Database extends pulumi.ComponentResource {
  private readonly spec: SchemaSpec = { schemas: {} };
  private readonly connection: pulumi.Output<string>;
  private finished = false;
  /** The validated model, once version() has been called. */
  model: SchemaModel | undefined;
  readonly tables = new Map<string, Table>();

  constructor(
    readonly name: string,
    private readonly args: DatabaseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("schemastack:index:Database", name, {}, opts);
    this.connection = pulumi.secret(args.connection);
    process.once("beforeExit", () => {
      if (!this.finished) {
        throw new Error(
          `Database "${name}": declare the schema version last with db.version("..."): nothing was applied`,
        );
      }
    });
  }

  /** Declares a table (nothing is registered until version() validates the whole schema). */
  table(name: string, declaration: DeclaredTable): this {
    const { schema = "public", ...table } = declaration;
    const namespace = (this.spec.schemas[schema] ??= {});
    const tables = (namespace.tables ??= {});
    if (tables[name]) throw new Error(`Database "${this.name}": table "${schema}.${name}" is declared twice`);
    tables[name] = table;
    return this;
  }

  /** Declares an enum type. */
  enum(name: string, declaration: EnumDeclaration, schema = "public"): this {
    const namespace = (this.spec.schemas[schema] ??= {});
    const enums = (namespace.enums ??= {});
    if (enums[name]) throw new Error(`Database "${this.name}": enum "${schema}.${name}" is declared twice`);
    enums[name] = declaration;
    return this;
  }

  /**
   * Declares the schema version and registers everything: validates the whole schema (throws
   * SchemaValidationError listing every problem), then creates the resources in dependency order.
   */
  version(version: string): SchemaVersion {
    if (this.finished) throw new Error(`Database "${this.name}": version() called twice`);
    this.finished = true;
    const model = fromSpec({ ...this.spec, version });
    this.model = model;
    const fingerprint = schemaFingerprint(model);
    const allowDataLoss = this.args.allowDataLoss ?? false;
    const backups =
      this.args.backup === false
        ? []
        : [
            new Backup(
              `${this.name}-backup`,
              {
                connection: this.connection,
                target: this.args.backup.target,
                stack: pulumi.getStack(),
                fingerprint,
                desired: model,
                keep: this.args.backup.keep ?? null,
              },
              { parent: this },
            ),
          ];

    const enums = model.enums.map(
      (e) =>
        new SchemaObject(
          logicalTableName(e.schema, e.name),
          {
            connection: this.connection,
            ref: { kind: "enum", schema: e.schema, name: e.name },
            object: e,
            renamedFrom: e.renamedFrom,
            allowDataLoss,
            children: null,
          },
          "enum",
          {
            parent: this,
            dependsOn: backups,
            aliases: e.renamedFrom ? [{ name: logicalTableName(e.schema, e.renamedFrom) }] : [],
          },
        ),
    );
    for (const table of model.tables) {
      const name = logicalTableName(table.schema, table.name);
      this.tables.set(
        `${table.schema}.${table.name}`,
        new Table(
          name,
          { table, connection: this.connection, allowDataLoss, dependsOn: [...backups, ...enums] },
          { parent: this },
        ),
      );
    }
    for (const table of this.tables.values()) {
      table.addConstraints(
        (schema, name, columns) => this.tables.get(`${schema}.${name}`)?.keyFor(columns) ?? [],
      );
    }
    const everything = [...enums, ...[...this.tables.values()].flatMap((t) => t.allResources())];
    const where = this.args.versionTable ?? { schema: "schemastack", table: "schema_version" };
    const row = new SchemaVersion(
      `${this.name}-version`,
      {
        connection: this.connection,
        schema: where.schema,
        table: where.table,
        version,
        fingerprint,
        stack: pulumi.getStack(),
      },
      { parent: this, dependsOn: everything },
    );
    this.registerOutputs({ fingerprint, version });
    return row;
  }
}
