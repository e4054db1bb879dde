import { domainCases } from "../../corpus/cases/domains";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("domains", domainCases);
