import { procedureCases } from "../../corpus/cases/procedures";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("procedures", procedureCases);
