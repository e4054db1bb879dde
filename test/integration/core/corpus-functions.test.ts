import { functionCases } from "../../corpus/cases/functions";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("functions", functionCases);
