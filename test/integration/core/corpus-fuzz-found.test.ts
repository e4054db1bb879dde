import { fuzzFoundCases } from "../../corpus/cases/fuzz-found";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("found by the fuzzer", fuzzFoundCases);
