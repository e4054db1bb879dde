// How the planner lines up live and desired constraints or indexes of one table: by name, and an
// object whose definition is unchanged under a new name is a rename, not drop + create (it keeps
// its index build and validation).
import { canonicalJson } from "../model/canonical";

export interface NamedMatch<T extends { name: string }> {
  /** Live only: to drop. */
  dropped: T[];
  /** Desired only: to create. */
  added: T[];
  /** Same definition, new name. */
  renamed: { from: T; to: T }[];
}

export function matchByName<T extends { name: string }>(
  live: readonly T[],
  desired: readonly T[],
): NamedMatch<T> {
  const bodyOf = (o: T) => canonicalJson({ ...o, name: "" });
  const dropped = live.filter((l) => !desired.some((d) => d.name === l.name));
  const added = desired.filter((d) => !live.some((l) => l.name === d.name));
  const renamed: { from: T; to: T }[] = [];
  for (const d of [...added]) {
    const from = dropped.find((l) => bodyOf(l) === bodyOf(d));
    if (!from) continue;
    dropped.splice(dropped.indexOf(from), 1);
    added.splice(added.indexOf(d), 1);
    renamed.push({ from, to: d });
  }
  return { dropped, added, renamed };
}
