import { exclusionCases } from "../../corpus/cases/exclusion";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("exclusion", exclusionCases);
