import { combinationCases } from "../../corpus/cases/combinations";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("combinations", combinationCases);
