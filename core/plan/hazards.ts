import type { Hazard, HazardKind } from "./step";

const h = (kind: HazardKind, message: string): Hazard => ({ kind, message });

export const hazard = {
  deletesData: (message: string) => h("deletesData", message),
  rewritesTable: (message = "rewrites the whole table and its indexes") => h("rewritesTable", message),
  blocksReads: (message = "holds ACCESS EXCLUSIVE: reads wait until it finishes") =>
    h("blocksReads", message),
  blocksWrites: (message = "writes wait until it finishes") => h("blocksWrites", message),
  indexBuild: (message = "builds an index: time and I/O grow with the table") => h("indexBuild", message),
  mayFailOnExistingData: (message: string) => h("mayFailOnExistingData", message),
  notReversible: (message: string) => h("notReversible", message),
};

/** The hazards of holding ACCESS EXCLUSIVE for a whole scan or rewrite. */
export const blocksEverything = (why: string): Hazard[] => [
  hazard.blocksReads(`holds ACCESS EXCLUSIVE while it ${why}: reads wait`),
  hazard.blocksWrites(`holds ACCESS EXCLUSIVE while it ${why}: writes wait`),
];
