// A table declaration expanded into resources: the table itself, one resource per column, per
// constraint and per index, with dependencies that give a valid order both ways (columns before
// the constraints and indexes on them, referenced keys before foreign keys; Pulumi deletes in
// reverse).
import * as pulumi from "@pulumi/pulumi";
import type { ColumnModel, SchemaModel, TableModel } from "../core/model/model";
import { DeclaredChildren, findObject, ObjectFragment, ObjectRef } from "../core/model/objects";
import { SchemaObject } from "../dynamic-providers/resources";

export interface TableResourceArgs {
  /** The declaration (structure: which objects exist, their names and dependencies). */
  table: TableModel;
  /** The whole schema as Postgres renders it (expressions normalised); what each resource declares. */
  rendered: pulumi.Output<SchemaModel>;
  connection: pulumi.Input<string>;
  allowDataLoss: boolean;
  /** Everything that must exist first: the pre-migration backup and the enum types used. */
  dependsOn: pulumi.Resource[];
}

export class Table extends pulumi.ComponentResource {
  readonly shell: SchemaObject;
  readonly columns = new Map<string, SchemaObject>();
  readonly constraints = new Map<string, SchemaObject>();
  readonly indexes = new Map<string, SchemaObject>();
  private readonly args: TableResourceArgs;

  constructor(name: string, args: TableResourceArgs, opts?: pulumi.ComponentResourceOptions) {
    const t = args.table;
    const oldName = t.renamedFrom ? logicalTableName(t.schema, t.renamedFrom) : undefined;
    super("schemastack:index:Table", name, {}, { ...opts, aliases: oldName ? [{ name: oldName }] : [] });
    this.args = args;
    const ref: ObjectRef = { kind: "table", schema: t.schema, name: t.name };
    const children = {
      columns: t.columns.flatMap((c) => (c.renamedFrom ? [c.name, c.renamedFrom] : [c.name])),
      constraints: t.constraints.map((c) => c.name),
      indexes: t.indexes.map((i) => i.name),
    };
    const shape = { schema: t.schema, name: t.name, unlogged: t.unlogged, comment: t.comment };
    this.shell = this.object(name, ref, shape, t.renamedFrom, [], children, oldName);
    // Each column waits for the one declared before it, so new columns land in declaration
    // order (what `select *`, COPY and inserts without a column list see), not in engine order.
    let previous: SchemaObject = this.shell;
    for (const column of t.columns) {
      previous = this.column(name, column, oldName, previous);
      this.columns.set(column.name, previous);
    }
    this.registerOutputs({});
  }

  /** Constraints go after all tables exist, because foreign keys need the referenced table's keys. */
  addConstraints(keyResource: (schema: string, table: string, columns: string[]) => pulumi.Resource[]): void {
    const t = this.args.table;
    const name = logicalTableName(t.schema, t.name);
    const oldName = t.renamedFrom ? logicalTableName(t.schema, t.renamedFrom) : undefined;
    for (const constraint of t.constraints) {
      // A check expression may use any column: depend on all of them.
      const deps =
        constraint.kind === "check" ? [...this.columns.values()] : [...this.columnsOf(constraint.columns)];
      if (constraint.kind === "foreignKey") {
        const r = constraint.references;
        deps.push(...keyResource(r.schema, r.table, r.columns));
      }
      const ref: ObjectRef = { kind: "constraint", schema: t.schema, table: t.name, name: constraint.name };
      this.constraints.set(
        constraint.name,
        this.object(
          `${name}.${constraint.name}`,
          ref,
          constraint,
          null,
          deps,
          null,
          oldName && `${oldName}.${constraint.name}`,
        ),
      );
    }
    for (const index of t.indexes) {
      const columns = index.keys.map((k) => k.column).filter((c): c is string => c !== null);
      // Expression keys may use any column: depend on all of them.
      const deps =
        index.keys.some((k) => k.expression !== null) || index.where
          ? [...this.columns.values()]
          : [...this.columnsOf([...columns, ...index.include])];
      const ref: ObjectRef = { kind: "index", schema: t.schema, table: t.name, name: index.name };
      this.indexes.set(
        index.name,
        this.object(
          `${name}.${index.name}`,
          ref,
          index,
          null,
          deps,
          null,
          oldName && `${oldName}.${index.name}`,
        ),
      );
    }
  }

  /** The resources that make `columns` a key (primary key or unique constraint), for FKs to depend on. */
  keyFor(columns: string[]): pulumi.Resource[] {
    const key = this.args.table.constraints.find(
      (c) =>
        (c.kind === "primaryKey" || c.kind === "unique") &&
        c.columns.join("\u0000") === columns.join("\u0000"),
    );
    const resource = key && this.constraints.get(key.name);
    return resource ? [resource] : [...this.columnsOf(columns)];
  }

  allResources(): pulumi.Resource[] {
    return [this.shell, ...this.columns.values(), ...this.constraints.values(), ...this.indexes.values()];
  }

  private column(
    tableName: string,
    column: ColumnModel,
    oldTableName: string | undefined,
    after: SchemaObject,
  ): SchemaObject {
    const t = this.args.table;
    const ref: ObjectRef = { kind: "column", schema: t.schema, table: t.name, name: column.name };
    const aliases = [
      ...(column.renamedFrom ? [`${tableName}.${column.renamedFrom}`] : []),
      ...(oldTableName ? [`${oldTableName}.${column.renamedFrom ?? column.name}`] : []),
    ];
    const { renamedFrom, ...shape } = column;
    return this.object(
      `${tableName}.${column.name}`,
      ref,
      { ...shape, renamedFrom: null },
      renamedFrom,
      [after],
      null,
      ...aliases,
    );
  }

  private *columnsOf(names: readonly string[]): Generator<pulumi.Resource> {
    for (const n of names) {
      const r = this.columns.get(n);
      if (r) yield r;
    }
  }

  private object(
    name: string,
    ref: ObjectRef,
    object: SchemaObject["object"] extends pulumi.Output<infer T> ? T : never,
    renamedFrom: string | null,
    deps: pulumi.Resource[],
    children: DeclaredChildren | null,
    ...aliases: (string | undefined)[]
  ): SchemaObject {
    return new SchemaObject(
      name,
      {
        connection: this.args.connection,
        ref,
        object: this.args.rendered.apply((model) => renderedFragment(model, ref, object)),
        renamedFrom,
        allowDataLoss: this.args.allowDataLoss,
        children,
      },
      ref.kind,
      {
        parent: this,
        dependsOn: [...this.args.dependsOn, ...deps],
        aliases: aliases.filter((a): a is string => a !== undefined).map((a) => ({ name: a })),
        deleteBeforeReplace: true,
      },
    );
  }
}

export function logicalTableName(schema: string, table: string): string {
  return schema === "public" ? table : `${schema}.${table}`;
}

/** The rendered form of a declared object, shaped like the declaration (no rename hint on columns). */
function renderedFragment(model: SchemaModel, ref: ObjectRef, declared: ObjectFragment): ObjectFragment {
  const rendered = findObject(model, ref);
  if (!rendered) return declared;
  return ref.kind === "column" ? { ...(rendered as ColumnModel), renamedFrom: null } : rendered;
}
