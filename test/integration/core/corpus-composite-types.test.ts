import { compositeTypeCases } from "../../corpus/cases/composite-types";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("composite types", compositeTypeCases);
