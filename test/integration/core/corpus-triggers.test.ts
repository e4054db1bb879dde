import { triggerCases } from "../../corpus/cases/triggers";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("triggers", triggerCases);
