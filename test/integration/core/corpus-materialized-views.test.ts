import { materializedViewCases } from "../../corpus/cases/materialized-views";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("materialized views", materializedViewCases);
