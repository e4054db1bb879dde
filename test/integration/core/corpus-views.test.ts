import { viewCases } from "../../corpus/cases/views";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("views", viewCases);
