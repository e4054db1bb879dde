import { columnCases } from "../../corpus/cases/columns";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("columns", columnCases);
