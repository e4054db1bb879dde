// Objects the model does not manage are listed by name, never silently ignored: inspect and plan
// print one line each on stderr and leave them alone.
import type { UnmanagedObject } from "../../core/introspect/introspect";
import type { SchemaModel } from "../../core/model/model";

export function notManagedLines(unmanaged: readonly UnmanagedObject[]): string[] {
  return unmanaged.map(
    (u) => `not managed: ${u.kind} ${u.kind === "schema" ? u.name : `${u.schema}.${u.name}`}\n`,
  );
}

/**
 * What a plan towards `desired` leaves alone: a policy is managed where its table declares its
 * policies (the catalog query lists every policy; it cannot know the declaration).
 */
export function leftAloneBy(desired: SchemaModel, unmanaged: readonly UnmanagedObject[]): UnmanagedObject[] {
  return unmanaged.filter((u) => {
    if (u.kind !== "policy") return true;
    const table = u.name.slice(0, u.name.lastIndexOf("."));
    return !desired.tables.some((t) => t.schema === u.schema && t.name === table && t.policies !== undefined);
  });
}
