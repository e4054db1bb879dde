import { indexCases } from "../../corpus/cases/indexes";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("indexes", indexCases);
