// Objects the model does not manage are listed by name, never silently ignored: inspect and plan
// print one line each on stderr and leave them alone.
import type { UnmanagedObject } from "../../core/introspect/introspect";

export function notManagedLines(unmanaged: readonly UnmanagedObject[]): string[] {
  return unmanaged.map(
    (u) => `not managed: ${u.kind} ${u.kind === "schema" ? u.name : `${u.schema}.${u.name}`}\n`,
  );
}
