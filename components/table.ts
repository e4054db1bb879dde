// A table declaration as one resource: the table's own properties with its columns, constraints
// and indexes as nested properties keyed by name (so `preview --diff` names `columns.phone`). The
// resource runs no DDL (the Database's Migration does); it reports drift and verifies the result.
import * as pulumi from "@pulumi/pulumi";
import type { SchemaModel, TableModel } from "../core/model/model";
import type { ManagedScope } from "../core/model/scope";
import { findTable, tableProps, TableProps } from "../dynamic-providers/object-shape";
import { CatalogObject } from "../dynamic-providers/resources";
import { accessInputs } from "../dynamic-providers/access-shape";

export interface TableResourceArgs {
  /** The declaration (its name, schema and rename hint). */
  table: TableModel;
  /** The whole schema as Postgres renders it (expressions normalised); what the resource declares. */
  rendered: pulumi.Output<SchemaModel>;
  connection: pulumi.Input<string>;
  /** The Database component (the new parent) and the Migration that applies the DDL first. */
  database: pulumi.Resource;
  dependsOn: pulumi.Resource[];
  /** The Database's managed scope: what the table's drift report leaves out. */
  managedScope?: ManagedScope;
  /** Resource options for this table (e.g. protect, ignoreChanges: ["columns.notes"]). */
  options?: pulumi.CustomResourceOptions;
}

const tableComponentType = "schemastack:index:Table";

export function logicalTableName(schema: string, table: string): string {
  return schema === "public" ? table : `${schema}.${table}`;
}

export function tableResource(args: TableResourceArgs): CatalogObject {
  const t = args.table;
  const name = logicalTableName(t.schema, t.name);
  const props: pulumi.Output<TableProps> = args.rendered.apply((model) =>
    tableProps(findTable(model, t.schema, t.name) ?? t),
  );
  // Earlier releases registered this resource under a Table component of the same name; and a
  // renamed table was called differently before.
  const names = [name, ...(t.renamedFrom ? [logicalTableName(t.schema, t.renamedFrom)] : [])];
  const aliases: pulumi.Input<pulumi.Alias>[] = names.flatMap((n) => [
    { name: n, parent: pulumi.createUrn(n, tableComponentType, args.database) },
    ...(n === name ? [] : [{ name: n }]),
  ]);
  return new CatalogObject(
    name,
    {
      connection: args.connection,
      kind: "table",
      schema: t.schema,
      name: t.name,
      // Only when declared: every input is stored with a dependency entry in the state, per table
      // (and comes back null; diff reads an absent one as false / no comment).
      ...(t.unlogged ? { unlogged: props.unlogged } : {}),
      ...(t.comment !== null ? { comment: props.comment } : {}),
      columns: props.columns,
      constraints: props.constraints,
      indexes: props.indexes,
      // Only what the table declares, so a table without access control keeps its earlier inputs.
      ...accessInputs(t, props),
      // Only for partitioned tables, so other tables' inputs stay as earlier releases wrote them.
      ...(t.partitionBy !== undefined
        ? {
            partitionBy: props.apply((p) => p.partitionBy ?? ""),
            partitions: props.apply((p) => p.partitions ?? {}),
          }
        : {}),
      // Only with a scope, so the inputs of a database without one stay as earlier releases wrote them.
      ...(args.managedScope ? { managedScope: args.managedScope } : {}),
    },
    {
      ...args.options,
      parent: args.database,
      dependsOn: args.dependsOn,
      aliases: [...aliases, ...(args.options?.aliases ?? [])],
    },
  );
}
