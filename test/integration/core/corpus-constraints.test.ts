import { constraintCases } from "../../corpus/cases/constraints";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("constraints", constraintCases);
