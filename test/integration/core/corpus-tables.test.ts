import { tableCases } from "../../corpus/cases/tables";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("tables", tableCases);
