// The Database component: collects table and enum declarations, validates the whole schema at
// once (precise errors before any resource is registered, so nothing is half-applied), then
// registers a handful of resources per database and one per table or enum type:
//   promotion gate -> staging rehearsal -> backup -> migration (the whole plan, once) ->
//   tables and enum types (drift and verification) -> schema version row.
import * as pulumi from "@pulumi/pulumi";
import type {
  CompositeTypeDeclaration,
  DomainDeclaration,
  EnumDeclaration,
  ExtensionDeclaration,
  NamespaceDeclaration,
  SchemaSpec,
  SequenceDeclaration,
  TableDeclaration,
} from "../core/model/declaration";
import type { GrantsDeclaration } from "../core/model/privilege";
import type { RoleDeclaration } from "../core/model/role";
import { accessInputs } from "../dynamic-providers/access-shape";
import { fromSpec } from "../core/model/from-declaration";
import type { MigrationDeclaration } from "../core/model/migration";
import { schemaFingerprint } from "../core/model/fingerprint";
import { timeBudgetSettings } from "../core/pg/time-budget";
import { defaultRenderCacheDir, renderModel } from "../core/render";
import type { SchemaModel } from "../core/model/model";
import type { ManagedScope } from "../core/model/scope";
import type { BackupTargetConfig } from "../core/backup/target-config";
import type { RehearsalReport } from "../core/branch/rehearsal-report";
import {
  compositeTypeProps,
  domainProps,
  enumProps,
  extensionProps,
  findCompositeType,
  findDomain,
  findEnum,
  findExtension,
  findSequence,
  findView,
  sequenceProps,
  viewProps,
} from "../dynamic-providers/object-shape";
import type { ViewDeclaration } from "../core/model/view";
import {
  Backup,
  CatalogObject,
  Migration,
  migrationType,
  PromotionGate,
  Role,
  roleType,
  SchemaVersion,
} from "../dynamic-providers/resources";
import type { ExecutedStep } from "../dynamic-providers/provider-props";
import { encodeSchema } from "../dynamic-providers/schema-encoding";
import { installProgramStopHandlers } from "../dynamic-providers/stop-signals";
import { RehearsalArgs, StagingRehearsal } from "./staging-rehearsal";
import { logicalTableName, tableResource } from "./table";
import { routineResources } from "./routines";
import type { FunctionDeclaration, ProcedureDeclaration } from "../core/model/function";

/** The stack outputs a promotion gate reads from the stack it promotes from. */
export const promotionOutputs = {
  appliedFingerprint: "appliedFingerprint",
  rehearsedFingerprint: "rehearsedFingerprint",
  rehearsal: "rehearsal",
} as const;

export interface DatabaseArgs {
  /** postgres:// URL; stored as a Pulumi secret. */
  connection: pulumi.Input<string>;
  /**
   * Allow steps that delete data (drop table/column, narrowing type changes). Default false. An
   * input of the Database's backup and migration only: toggling it updates no table resource.
   */
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

/** Resource options for one table's resource (e.g. `protect`, `ignoreChanges: ["columns.notes"]`). */
export type TableOptions = Pick<pulumi.CustomResourceOptions, "protect" | "ignoreChanges" | "retainOnDelete">;

/** A role the schema needs; a login role's password is a Pulumi secret (config.requireSecret). */
export interface DeclaredRole extends RoleDeclaration {
  password?: pulumi.Input<string>;
}

/** What other stacks need from a Database, under the names the promotion gate reads. */
export interface DatabaseStackOutputs {
  schemaVersion: pulumi.Output<string>;
  appliedFingerprint: pulumi.Output<string>;
  rehearsedFingerprint: pulumi.Output<string | null>;
  /** Every statement the rehearsal ran, with its duration and lock wait (null without a rehearsal). */
  rehearsedSteps: pulumi.Output<ExecutedStep[] | null>;
  /** What the rehearsal measured on the copy of prod (copy, per-step timings); printed by a promotion gate downstream. */
  rehearsal: pulumi.Output<RehearsalReport | null>;
}

export class Database extends pulumi.ComponentResource {
  private readonly spec: SchemaSpec = { schemas: {} };
  private readonly tableOptions = new Map<string, TableOptions>();
  private readonly rolePasswords = new Map<string, pulumi.Input<string>>();
  /** One resource per declared role (after version()). */
  readonly roles = new Map<string, Role>();
  private readonly connection: pulumi.Output<string>;
  private finished = false;
  private outputs: DatabaseStackOutputs | undefined;
  /** The validated model, once version() has been called. */
  model: SchemaModel | undefined;
  /** One resource per table, by "schema.name" (after version()). */
  readonly tables = new Map<string, CatalogObject>();
  /** Present when the Database rehearses on a branch of a parent database. */
  rehearsal: StagingRehearsal | undefined;
  /** The fingerprint of the declared schema (after version()). */
  fingerprint: pulumi.Output<string> | undefined;

  constructor(
    readonly name: string,
    private readonly args: DatabaseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("schemastack:index:Database", name, {}, opts);
    // The render's scratch database must not outlive a stopped update (dynamic-providers/stop-signals.ts).
    installProgramStopHandlers();
    this.connection = pulumi.secret(args.connection);
    // Forgetting version() would register nothing and succeed silently: report it against this
    // component and let the Pulumi runner fail the program as it does after any reported error
    // (no throw from this handler, no process.exit from library code).
    process.once("beforeExit", () => {
      if (this.finished) return;
      void pulumi.log.error(
        `Database "${name}": declare the schema version last with db.version("..."): nothing was applied`,
        this,
      );
      process.exitCode = 32; // the runner's "error already reported to the user" code
    });
  }

  /**
   * The typed outputs other stacks read: export them from the program
   * (`export const { appliedFingerprint, rehearsedFingerprint, schemaVersion, rehearsal } = db.stackOutputs;`).
   */
  get stackOutputs(): DatabaseStackOutputs {
    if (!this.outputs) throw new Error(`Database "${this.name}": call version() before reading its outputs`);
    return this.outputs;
  }

  /** Declares a table (nothing is registered until version() validates the whole schema). */
  table(name: string, declaration: DeclaredTable, options?: TableOptions): this {
    const { schema = "public", ...table } = declaration;
    const namespace = (this.spec.schemas[schema] ??= {});
    const tables = (namespace.tables ??= {});
    if (tables[name]) throw new Error(`Database "${this.name}": table "${schema}.${name}" is declared twice`);
    tables[name] = table;
    if (options) this.tableOptions.set(`${schema}.${name}`, options);
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

  /** Declares a function (SQL or PL/pgSQL); `db.table(..., { triggers })` may run it. */
  function(name: string, declaration: FunctionDeclaration, schema = "public"): this {
    const functions = ((this.spec.schemas[schema] ??= {}).functions ??= {});
    if (functions[name])
      throw new Error(`Database "${this.name}": function "${schema}.${name}" is declared twice`);
    functions[name] = declaration;
    return this;
  }

  /** Declares a procedure (SQL or PL/pgSQL). */
  procedure(name: string, declaration: ProcedureDeclaration, schema = "public"): this {
    const procedures = ((this.spec.schemas[schema] ??= {}).procedures ??= {});
    if (procedures[name])
      throw new Error(`Database "${this.name}": procedure "${schema}.${name}" is declared twice`);
    procedures[name] = declaration;
    return this;
  }

  /** Declares a domain: `db.domain("positive", { type: "integer", checks: { positive_check: "VALUE > 0" } })`. */
  domain(name: string, declaration: DomainDeclaration, schema = "public"): this {
    const domains = ((this.spec.schemas[schema] ??= {}).domains ??= {});
    if (domains[name])
      throw new Error(`Database "${this.name}": domain "${schema}.${name}" is declared twice`);
    domains[name] = declaration;
    return this;
  }

  /** Declares a composite type: `db.compositeType("address", { attributes: { street: "text", zip: "text" } })`. */
  compositeType(name: string, declaration: CompositeTypeDeclaration, schema = "public"): this {
    const types = ((this.spec.schemas[schema] ??= {}).compositeTypes ??= {});
    if (types[name])
      throw new Error(`Database "${this.name}": composite type "${schema}.${name}" is declared twice`);
    types[name] = declaration;
    return this;
  }

  /** Declares a standalone sequence (serial columns declare their own: `type: "bigserial"`). */
  sequence(name: string, declaration: SequenceDeclaration & { schema?: string } = {}): this {
    const { schema = "public", ...sequence } = declaration;
    const namespace = (this.spec.schemas[schema] ??= {});
    const sequences = (namespace.sequences ??= {});
    if (sequences[name])
      throw new Error(`Database "${this.name}": sequence "${schema}.${name}" is declared twice`);
    sequences[name] = sequence;
    return this;
  }

  /** Declares an extension, installed into `schema` (default public), e.g. db.extension("citext"). */
  extension(name: string, declaration: ExtensionDeclaration & { schema?: string } = {}): this {
    const { schema = "public", ...extension } = declaration;
    for (const [s, ns] of Object.entries(this.spec.schemas))
      if (ns.extensions?.[name])
        throw new Error(`Database "${this.name}": extension "${name}" is declared twice (in schema "${s}")`);
    const namespace = (this.spec.schemas[schema] ??= {});
    (namespace.extensions ??= {})[name] = extension;
    return this;
  }

  /**
   * Declares a role the schema needs (cluster-wide: created when missing, kept as declared, and
   * dropped when removed from the program only if it owns nothing and holds no privilege anywhere).
   * A login role's password is a Pulumi secret: encrypted in the state, never printed.
   */
  role(name: string, declaration: DeclaredRole = {}): this {
    const { password, ...role } = declaration;
    const roles = (this.spec.roles ??= {});
    if (roles[name]) throw new Error(`Database "${this.name}": role "${name}" is declared twice`);
    roles[name] = role;
    if (password !== undefined) this.rolePasswords.set(name, password);
    return this;
  }

  /**
   * Declares a schema (other than public) that may hold nothing yet; one no longer declared is
   * dropped. Optionally its comment (public's too: db.schema("public", { comment })), and its own access control: owner, grants (USAGE, CREATE) and default
   * privileges (`{ app_owner: { tables: { reporting: ["select"] } } }`), each exact when declared.
   */
  schema(
    name: string,
    declaration: Pick<NamespaceDeclaration, "comment" | "owner" | "grants" | "defaultPrivileges"> = {},
  ): this {
    const namespace = (this.spec.schemas[name] ??= {});
    for (const key of ["comment", "owner", "grants", "defaultPrivileges"] as const) {
      if (declaration[key] === undefined) continue;
      if (namespace[key] !== undefined)
        throw new Error(`Database "${this.name}": ${key} of schema "${name}" is declared twice`);
      (namespace as Record<string, unknown>)[key] = declaration[key];
    }
    return this;
  }

  /**
   * Declares grants on an object apart from its declaration, by reference: `table:public.orders`,
   * `column:public.orders.total`, `schema:app`, `type:public.mood` (the object must be declared).
   */
  grant(object: string, grants: GrantsDeclaration): this {
    const all = (this.spec.grants ??= {});
    if (all[object]) throw new Error(`Database "${this.name}": grants on "${object}" are declared twice`);
    all[object] = grants;
    return this;
  }

  /**
   * Declares a one-off data migration: `sql` runs once per database (in the staging rehearsal on
   * a copy of prod first), in one transaction with its record in schemastack.data_migration,
   * ordered `after` / `before` a table or column, e.g. `{ table: "claims", column: "claim" }`.
   */
  migration(name: string, declaration: MigrationDeclaration): this {
    const migrations = (this.spec.migrations ??= {});
    if (migrations[name]) throw new Error(`Database "${this.name}": migration "${name}" is declared twice`);
    migrations[name] = declaration;
    return this;
  }

  /**
   * Declares a view: `db.view("big_orders", { query: "select ... from orders where ..." })`, with
   * `securityBarrier`, `securityInvoker`, `checkOption` and `comment`. The query is compared as
   * Postgres prints it, so reformatting it is no change.
   */
  view(name: string, declaration: ViewDeclaration): this {
    const { schema = "public", ...view } = declaration;
    const namespace = (this.spec.schemas[schema] ??= {});
    const views = (namespace.views ??= {});
    if (views[name]) throw new Error(`Database "${this.name}": view "${schema}.${name}" is declared twice`);
    views[name] = view;
    return this;
  }

  /** Declares a materialized view (with `indexes` keyed by name); a changed query re-creates it. */
  materializedView(name: string, declaration: Omit<ViewDeclaration, "materialized">): this {
    return this.view(name, { ...declaration, materialized: true });
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
    // The rendered model holds no secrets even though the URL it was rendered with is one. A
    // declaration Postgres rejects is reported by the migration's check (in seconds, before any
    // change); meanwhile every resource gets the declaration as written, so none waits for it.
    const rendering: pulumi.Output<{ model: SchemaModel; error: string | null }> =
      server === false
        ? pulumi.output({ model: declared, error: null })
        : pulumi.unsecret(
            pulumi.output(server).apply((url) =>
              // A declaration rendered before on this server comes from the render cache (no scratch work).
              renderModel(url, declared, {
                statementTimeoutMs: renderTimeoutFromConfig(),
                cacheDir: defaultRenderCacheDir(),
                // What a killed run left on the server (its scratch database, sessions) and was removed.
                onNotice: (message) => void pulumi.log.warn(message, this),
              }).then(
                (model) => ({ model, error: null }),
                (error: unknown) => ({
                  model: declared,
                  error: `Database "${this.name}": the declared schema could not be rendered: ${
                    error instanceof Error ? error.message : String(error)
                  }`,
                }),
              ),
            ),
          );
    const model = rendering.apply((r) => r.model);
    const encoded = model.apply(encodeSchema);
    const fingerprint = model.apply(schemaFingerprint);
    this.fingerprint = fingerprint;
    const allowDataLoss = this.args.allowDataLoss ?? false;
    // A table's ignoreChanges also holds its properties back from the plan (else the migration
    // would change what the table resource is told to ignore).
    const ignoreChanges: Record<string, string[]> = {};
    for (const [key, options] of this.tableOptions) {
      if (options.ignoreChanges?.length) ignoreChanges[key] = [...options.ignoreChanges];
    }
    // null, not undefined: an undefined input is dropped from the serialised inputs.
    const managedScope = this.args.scope ?? null;
    const gates: pulumi.Resource[] = [];
    if (this.args.promotion) {
      const from = this.args.promotion.fromStack;
      const source = new pulumi.StackReference(
        `${pulumi.getOrganization()}/${pulumi.getProject()}/${from}`,
        {},
        { parent: this },
      );
      const read = (output: string) =>
        source.getOutput(output).apply((v) => (typeof v === "string" ? v : null));
      gates.push(
        new PromotionGate(
          `${this.name}-promotion`,
          {
            fromStack: from,
            appliedFingerprint: read(promotionOutputs.appliedFingerprint),
            rehearsedFingerprint: read(promotionOutputs.rehearsedFingerprint),
            fingerprint,
            override: this.args.promotion.override ?? false,
            // Staging's published rehearsal timings, printed in this stack's preview (issue 21).
            rehearsal: source.getOutput(promotionOutputs.rehearsal).apply((v: unknown) => v ?? null),
          },
          { parent: this },
        ),
      );
    }
    if (this.args.rehearsal) {
      this.rehearsal = new StagingRehearsal(
        `${this.name}-rehearsal`,
        { ...this.args.rehearsal, fingerprint, schema: encoded, ignoreChanges, managedScope, allowDataLoss },
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
                schema: encoded,
                ignoreChanges,
                managedScope,
                allowDataLoss,
                keep: this.args.backup.keep ?? null,
              },
              // The encoded schema changes with every declaration change: one "(hidden)" line in --diff.
              { parent: this, dependsOn: gates, hideDiffs: ["schema"] },
            ),
          ];
    const migrationName = `${this.name}-migration`;
    const migration = new Migration(
      migrationName,
      {
        connection: this.connection,
        schema: encoded,
        fingerprint,
        allowDataLoss,
        ignoreChanges,
        managedScope,
        renderError: rendering.apply((r) => r.error),
        urn: pulumi.createUrn(migrationName, migrationType, this),
      },
      { parent: this, dependsOn: [...gates, ...backups], hideDiffs: ["schema"] },
    );

    declared.enums.forEach((e) => {
      const props = model.apply((m) => enumProps(findEnum(m, e.schema, e.name) ?? e));
      new CatalogObject(
        logicalTableName(e.schema, e.name),
        {
          connection: this.connection,
          kind: "enum",
          schema: e.schema,
          name: e.name,
          values: props.values,
          comment: props.comment,
          ...accessInputs(e, props),
        },
        {
          parent: this,
          dependsOn: [migration],
          aliases: e.renamedFrom ? [{ name: logicalTableName(e.schema, e.renamedFrom) }] : [],
        },
      );
    });
    // Domains and composite types: one resource each, drift and verification like enums.
    (declared.domains ?? []).forEach((d) => {
      const props = model.apply((m) => domainProps(findDomain(m, d.schema, d.name) ?? d));
      new CatalogObject(
        logicalTableName(d.schema, d.name),
        {
          connection: this.connection,
          kind: "domain",
          schema: d.schema,
          name: d.name,
          type: props.type,
          nullable: props.nullable,
          default: props.default,
          collation: props.collation,
          checks: props.checks,
          comment: props.comment,
          ...accessInputs(d, props),
        },
        { parent: this, dependsOn: [migration] },
      );
    });
    (declared.compositeTypes ?? []).forEach((c) => {
      const props = model.apply((m) => compositeTypeProps(findCompositeType(m, c.schema, c.name) ?? c));
      new CatalogObject(
        logicalTableName(c.schema, c.name),
        {
          connection: this.connection,
          kind: "compositeType",
          schema: c.schema,
          name: c.name,
          attributes: props.attributes,
          comment: props.comment,
          ...accessInputs(c, props),
        },
        { parent: this, dependsOn: [migration] },
      );
    });
    (declared.sequences ?? []).forEach((q) => {
      const props = model.apply((m) => sequenceProps(findSequence(m, q.schema, q.name) ?? q));
      new CatalogObject(
        logicalTableName(q.schema, q.name),
        {
          connection: this.connection,
          kind: "sequence",
          schema: q.schema,
          name: q.name,
          type: props.type,
          increment: props.increment,
          minValue: props.minValue,
          maxValue: props.maxValue,
          start: props.start,
          cache: props.cache,
          cycle: props.cycle,
          ownedBy: props.ownedBy,
          comment: props.comment,
          ...accessInputs(q, props),
        },
        {
          parent: this,
          dependsOn: [migration],
          aliases: q.renamedFrom ? [{ name: logicalTableName(q.schema, q.renamedFrom) }] : [],
        },
      );
    });
    (declared.extensions ?? []).forEach((x) => {
      const props = model.apply((m) => extensionProps(findExtension(m, x.name) ?? x));
      new CatalogObject(
        x.name,
        {
          connection: this.connection,
          kind: "extension",
          schema: x.schema,
          name: x.name,
          version: props.version,
          // Absent when not declared (the extension's own comment), so older stacks see no change.
          ...(x.comment !== undefined ? { comment: x.comment } : {}),
        },
        { parent: this, dependsOn: [migration] },
      );
    });
    (declared.views ?? []).forEach((v) => {
      const props = model.apply((m) => viewProps(findView(m, v.schema, v.name) ?? v));
      new CatalogObject(
        logicalTableName(v.schema, v.name),
        {
          connection: this.connection,
          kind: "view",
          schema: v.schema,
          name: v.name,
          materialized: props.materialized,
          query: props.query,
          securityBarrier: props.securityBarrier,
          securityInvoker: props.securityInvoker,
          checkOption: props.checkOption,
          indexes: props.indexes,
          comment: props.comment,
          ...accessInputs(v, props),
          ...(this.args.scope ? { managedScope: this.args.scope } : {}),
        },
        { parent: this, dependsOn: [migration] },
      );
    });
    for (const table of declared.tables) {
      this.tables.set(
        `${table.schema}.${table.name}`,
        tableResource({
          table,
          rendered: model,
          connection: this.connection,
          database: this,
          dependsOn: [migration],
          managedScope: this.args.scope,
          options: this.tableOptions.get(`${table.schema}.${table.name}`),
        }),
      );
    }
    for (const role of declared.roles ?? []) {
      const roleName = `${this.name}-role-${role.name}`;
      this.roles.set(
        role.name,
        new Role(
          roleName,
          {
            connection: this.connection,
            name: role.name,
            login: role.login,
            memberOf: role.memberOf,
            password: this.rolePasswords.get(role.name) ?? null,
            urn: pulumi.createUrn(roleName, roleType, this),
          },
          // After the migration, which creates the role; removed, it is dropped after the migration
          // revoked what the program granted it.
          { parent: this, dependsOn: [migration] },
        ),
      );
    }
    routineResources({
      declared,
      rendered: model,
      connection: this.connection,
      parent: this,
      dependsOn: [migration],
    });
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
      // Written once the migration has applied the plan and read back a converged schema (it
      // fails otherwise) and the roles, which run DDL of their own, are in place. Not after every
      // catalog object's resource: those only re-check the same read-back per object, and a
      // dependency on each would store one URN per object in this resource's state (~120 B a table).
      { parent: this, dependsOn: [migration, ...this.roles.values()] },
    );
    this.outputs = {
      schemaVersion: row.version,
      appliedFingerprint: row.fingerprint,
      rehearsedFingerprint: this.rehearsal
        ? this.rehearsal.rehearsal.fingerprint
        : pulumi.output<string | null>(null),
      rehearsedSteps: this.rehearsal
        ? this.rehearsal.rehearsal.steps.apply((steps) => steps ?? null)
        : pulumi.output<ExecutedStep[] | null>(null),
      rehearsal: this.rehearsal ? this.rehearsal.report : pulumi.output<RehearsalReport | null>(null),
    };
    this.registerOutputs({ fingerprint, ...this.outputs });
    return row;
  }
}
