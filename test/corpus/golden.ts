// Golden plans: every corpus case keeps its expected plan (SQL, lock, hazards, in order) in a
// checked-in file next to the cases, test/corpus/golden/<file>/<case>.plan.sql, so a changed plan
// shows up in review as a diff: a lost CONCURRENTLY, a lost hazard, two statements where one did.
// The plan is the pure planner's from `old` to `new` (no database); the corpus convergence test
// checks that the plan run against real Postgres is this same plan.
import * as path from "path";
import { SchemaModel, fromSpec } from "../../core/model";
import { PlanStep, UnsupportedChangeError, buildPlan, isDestructive } from "../../core/plan";
import { CorpusCase, withViewColumns } from "./corpus-case";
import { columnCases } from "./cases/columns";
import { combinationCases } from "./cases/combinations";
import { constraintCases } from "./cases/constraints";
import { enumCases } from "./cases/enums";
import { fuzzFoundCases } from "./cases/fuzz-found";
import { indexCases } from "./cases/indexes";
import { tableCases } from "./cases/tables";
import { accessCases } from "./cases/access";
import { compositeTypeCases } from "./cases/composite-types";
import { domainCases } from "./cases/domains";
import { exclusionCases } from "./cases/exclusion";
import { partitionCases } from "./cases/partitions";
import { sequenceCases } from "./cases/sequences";
import { extensionCases } from "./cases/extensions";
import { schemaCases } from "./cases/schemas";
import { tableDetailCases } from "./cases/table-details";
import { dataMoveCases } from "./cases/data-moves";
import { materializedViewCases } from "./cases/materialized-views";
import { viewCases } from "./cases/views";
import { functionCases } from "./cases/functions";
import { triggerCases } from "./cases/triggers";
import { procedureCases } from "./cases/procedures";

/** The corpus by case file (the golden folder of each). */
export const corpusFiles: Record<string, CorpusCase[]> = {
  columns: columnCases,
  constraints: constraintCases,
  indexes: indexCases,
  tables: tableCases,
  enums: enumCases,
  combinations: combinationCases,
  "fuzz-found": fuzzFoundCases,
  access: accessCases,
  domains: domainCases,
  partitions: partitionCases,
  exclusion: exclusionCases,
  "composite-types": compositeTypeCases,
  sequences: sequenceCases,
  extensions: extensionCases,
  schemas: schemaCases,
  "table-details": tableDetailCases,
  "data-moves": dataMoveCases,
  views: viewCases,
  "materialized-views": materializedViewCases,
  functions: functionCases,
  procedures: procedureCases,
  triggers: triggerCases,
};

export const goldenRoot = path.join(__dirname, "golden");
export const rewriteCommand =
  "SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts";

/** A file name for a case: its name in lower case, words joined by "-" (`[]` reads "array"). */
export function caseSlug(name: string): string {
  return name
    .replace(/\[\]/g, " array")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 90)
    .replace(/-+$/, "");
}

export function goldenPath(file: string, c: CorpusCase): string {
  return path.join(goldenRoot, file, `${caseSlug(c.name)}.plan.sql`);
}

/**
 * The live side as introspection returns it: tables and enums by schema and name, constraints and
 * indexes by name. The planner's tie-break keeps input order, so this makes the pure plan the one
 * the convergence test runs against the real database.
 */
export function asIntrospected(model: SchemaModel): SchemaModel {
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const bySchema = <T extends { schema: string; name: string }>(a: T, b: T) =>
    a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : byName(a, b);
  return {
    ...model,
    enums: [...model.enums].sort(bySchema),
    tables: [...model.tables].sort(bySchema).map((t) => ({
      ...t,
      constraints: [...t.constraints].sort(byName),
      indexes: [...t.indexes].sort(byName),
    })),
    ...(model.sequences ? { sequences: [...model.sequences].sort(bySchema) } : {}),
    ...(model.extensions ? { extensions: [...model.extensions].sort(byName) } : {}),
  };
}

/** The plan of a case from the pure planner: old (as introspection would read it) -> new. */
export function corpusPlan(c: CorpusCase): PlanStep[] {
  return buildPlan(
    asIntrospected(withViewColumns(fromSpec(c.old), c.viewColumns?.old)),
    withViewColumns(fromSpec(c.new), c.viewColumns?.new),
    { scope: c.scope },
  ).steps;
}

function stepText(s: PlanStep, i: number, previous: PlanStep | undefined): string {
  const lines = [`-- ${i + 1}. ${s.description}`];
  lines.push(`--    lock: ${s.lock}${s.lockTarget ? ` on ${s.lockTarget}` : ""}`);
  if (!s.transactional) lines.push("--    outside a transaction");
  else if (previous?.transactional && previous.group === s.group)
    lines.push("--    same transaction as the step before");
  for (const h of s.hazards) lines.push(`--    hazard ${h.kind}: ${h.message}`);
  lines.push(`${s.sql};`);
  return lines.join("\n");
}

/** The golden file's text for a case. */
export function goldenText(file: string, c: CorpusCase): string {
  const header = [
    `-- golden plan: ${c.name}`,
    `-- corpus: test/corpus/cases/${file}.ts; rewrite all: ${rewriteCommand}`,
  ];
  let steps: PlanStep[];
  try {
    steps = corpusPlan(c);
  } catch (e) {
    if (!(e instanceof UnsupportedChangeError)) throw e;
    return [...header, `-- refused: ${e.message}`, ""].join("\n");
  }
  if (steps.some(isDestructive)) header.push("-- destructive: refused without allowDataLoss");
  if (steps.length === 0) header.push("-- no changes");
  const body = steps.map((s, i) => stepText(s, i, steps[i - 1]));
  return [...header, "", body.join("\n\n"), ""].join("\n");
}
