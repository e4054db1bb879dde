// Functions, procedures and triggers as resources: one light CatalogObject each, like a table's.
// They run no DDL (the Database's Migration does); they report drift against the live catalog
// in `preview` and verify the result after the migration.
import * as pulumi from "@pulumi/pulumi";
import type { SchemaModel } from "../core/model/model";
import {
  findFunction,
  findTrigger,
  functionPropertyNames,
  functionProps,
  triggerPropertyNames,
  triggerProps,
} from "../dynamic-providers/routine-shape";
import { CatalogObject } from "../dynamic-providers/resources";
import { accessInputs, accessProps } from "../dynamic-providers/access-shape";
import { logicalTableName } from "./table";

export interface RoutineResourceArgs {
  /** The declaration (names and schemas). */
  declared: SchemaModel;
  /** The whole schema as Postgres renders it: what each resource declares. */
  rendered: pulumi.Output<SchemaModel>;
  connection: pulumi.Input<string>;
  parent: pulumi.Resource;
  dependsOn: pulumi.Resource[];
}

export function routineResources(args: RoutineResourceArgs): CatalogObject[] {
  const out: CatalogObject[] = [];
  for (const f of args.declared.functions ?? []) {
    const props = args.rendered.apply((m) => functionProps(findFunction(m, f.schema, f.name) ?? f));
    out.push(
      new CatalogObject(
        logicalTableName(f.schema, f.name),
        {
          connection: args.connection,
          kind: "function",
          schema: f.schema,
          name: f.name,
          ...unwrap(props, functionPropertyNames),
          ...accessInputs(
            f,
            args.rendered.apply((m) => accessProps(findFunction(m, f.schema, f.name) ?? f)),
          ),
        },
        { parent: args.parent, dependsOn: args.dependsOn },
      ),
    );
  }
  for (const t of args.declared.triggers ?? []) {
    const props = args.rendered.apply((m) => triggerProps(findTrigger(m, t.schema, t.table, t.name) ?? t));
    out.push(
      new CatalogObject(
        `${logicalTableName(t.schema, t.table)}.${t.name}`,
        {
          connection: args.connection,
          kind: "trigger",
          schema: t.schema,
          name: t.name,
          ...unwrap(props, triggerPropertyNames),
        },
        { parent: args.parent, dependsOn: args.dependsOn },
      ),
    );
  }
  return out;
}

/** An output of an object -> one output per property (resource inputs are per property). */
function unwrap<T extends object>(
  o: pulumi.Output<T>,
  names: ReadonlyArray<keyof T>,
): { [K in keyof T]: pulumi.Output<T[K]> } {
  return Object.fromEntries(names.map((n) => [n, o.apply((v) => v[n])])) as unknown as {
    [K in keyof T]: pulumi.Output<T[K]>;
  };
}
