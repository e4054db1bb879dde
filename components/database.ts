// The Database component: collects table and enum declarations, validates the whole schema at
// once (precise errors before any resource is registered, so nothing is half-applied), then
// expands it into resources: enum types, tables with their columns, constraints and indexes, and
// the schema version row last.
import * as pulumi from "@pulumi/pulumi";
import type { EnumDeclaration, SchemaSpec, TableDeclaration } from "../core/model/declaration";
import { fromSpec } from "../core/model/from-declaration";
import { schemaFingerprint } from "../core/model/fingerprint";
import { timeBudgetSettings } from "../core/pg/time-budget";
import { renderModel } from "../core/render";
import type { SchemaModel } from "../core/model/model";
import type { ManagedScope } from "../core/model/scope";
import type { BackupTargetConfig } from "../core/backup";
import { Backup, PromotionGate, SchemaObject, SchemaVersion } from "../dynamic-providers/resources";
import { RehearsalArgs, StagingRehearsal } from "./staging-rehearsal";
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
  /** Rehearse every schema change on a fresh branch of this (prod) database first. */
  rehearsal?: RehearsalArgs;
  /**
   * Only apply a schema that stack `fromStack` (e.g. staging) has applied and rehearsed, read
   * through a StackReference; `override` lets a different one through, on purpose.
   */
  promotion?: { fromStack: string; override?: boolean };
  /**
   * Where declarations are rendered (applied to a throwaway database and read back, so expressions
   * compare as Postgres prints them): default the target's server, which needs CREATEDB; give a
   * dev server's URL instead, or `false` to compare declarations as written.
   */
  renderOn?: pulumi.Input<string> | false;
  /**
   * What this Database manages: `schemas` (default: the declared ones) and `ignore` rules by kind
   * and name pattern, e.g. `[{ kind: "table", name: "lib_*" }]`. Ignored objects are never
   * created, changed or dropped; declared tables may reference them with foreign keys.
   */
  scope?: ManagedScope;
}

export interface DeclaredTable extends TableDeclaration {
  /** Default "public". */
  schema?: string;
}

/** Stack config `schemastack:renderTimeoutMs` (core/pg/time-budget.ts), for rendering in this program. */
function renderTimeoutFromConfig(): number | undefined {
  const key = timeBudgetSettings.renderTimeoutMs.config;
  const raw = new pulumi.Config(key.split(":")[0]).get(key.split(":")[1]);
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw))
    throw new Error(`stack config ${key}: expected milliseconds above 0, got "${raw}"`);
  return Number(raw);
}

export class Database extends pulumi.ComponentResource {
  private readonly spec: SchemaSpec = { schemas: {} };
  private readonly connection: pulumi.Output<string>;
  private finished = false;
  /** The validated model, once version() has been called. */
  model: SchemaModel | undefined;
  readonly tables = new Map<string, Table>();
  /** Present when the Database rehearses on a branch of a parent database. */
  rehearsal: StagingRehearsal | undefined;

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

  /**
   * Every resource is already registered with inputs that wait on the rendered model, and a
   * rejected output leaves them waiting until the engine gives up (minutes). Report the reason
   * and stop the program now; 32 tells the language host the error was already reported.
   */
  private async failRendering(error: unknown): Promise<never> {
    const reason = error instanceof Error ? error.message : String(error);
    await pulumi.log.error(
      `Database "${this.name}": the declared schema could not be rendered: ${reason}`,
      this,
    );
    process.exit(32);
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
    const declared = fromSpec({ ...this.spec, version }, { scope: this.args.scope });
    this.model = declared;
    const server = this.args.renderOn ?? this.connection;
    // The rendered model holds no secrets even though the URL it was rendered with is one.
    const model: pulumi.Output<SchemaModel> =
      server === false
        ? pulumi.output(declared)
        : pulumi.unsecret(
            pulumi
              .output(server)
              .apply((url) =>
                renderModel(url, declared, { statementTimeoutMs: renderTimeoutFromConfig() }).catch(
                  (error: unknown) => this.failRendering(error),
                ),
              ),
          );
    const fingerprint = model.apply(schemaFingerprint);
    const allowDataLoss = this.args.allowDataLoss ?? false;
    const gates: pulumi.Resource[] = [];
    if (this.args.promotion) {
      const from = this.args.promotion.fromStack;
      const source = new pulumi.StackReference(
        `${pulumi.getOrganization()}/${pulumi.getProject()}/${from}`,
        {},
        { parent: this },
      );
      gates.push(
        new PromotionGate(
          `${this.name}-promotion`,
          {
            fromStack: from,
            appliedFingerprint: source
              .getOutput("appliedFingerprint")
              .apply((v) => (typeof v === "string" ? v : null)),
            rehearsedFingerprint: source
              .getOutput("rehearsedFingerprint")
              .apply((v) => (typeof v === "string" ? v : null)),
            fingerprint,
            override: this.args.promotion.override ?? false,
            // Staging's published rehearsal timings, printed in this stack's preview (issue 21).
            rehearsal: source.getOutput("rehearsal").apply((v: unknown) => v ?? null),
          },
          { parent: this },
        ),
      );
    }
    if (this.args.rehearsal) {
      this.rehearsal = new StagingRehearsal(
        `${this.name}-rehearsal`,
        { ...this.args.rehearsal, fingerprint, desired: model, allowDataLoss },
        { parent: this, dependsOn: gates },
      );
      gates.push(this.rehearsal);
    }
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
              { parent: this, dependsOn: gates },
            ),
          ];

    const enums = declared.enums.map(
      (e) =>
        new SchemaObject(
          logicalTableName(e.schema, e.name),
          {
            connection: this.connection,
            ref: { kind: "enum", schema: e.schema, name: e.name },
            object: model.apply((m) => m.enums.find((x) => x.schema === e.schema && x.name === e.name) ?? e),
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
    for (const table of declared.tables) {
      const name = logicalTableName(table.schema, table.name);
      this.tables.set(
        `${table.schema}.${table.name}`,
        new Table(
          name,
          {
            table,
            rendered: model,
            connection: this.connection,
            allowDataLoss,
            dependsOn: [...gates, ...backups, ...enums],
          },
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
