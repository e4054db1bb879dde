import type { CorpusCase } from "./corpus-case";
import { columnCases } from "./cases/columns";
import { combinationCases } from "./cases/combinations";
import { constraintCases } from "./cases/constraints";
import { enumCases } from "./cases/enums";
import { fuzzFoundCases } from "./cases/fuzz-found";
import { indexCases } from "./cases/indexes";
import { tableCases } from "./cases/tables";

export type { CorpusCase } from "./corpus-case";

export const corpus: CorpusCase[] = [
  ...columnCases,
  ...constraintCases,
  ...indexCases,
  ...tableCases,
  ...enumCases,
  ...combinationCases,
  ...fuzzFoundCases,
];
