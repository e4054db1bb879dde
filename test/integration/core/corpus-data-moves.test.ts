import { dataMoveCases } from "../../corpus/cases/data-moves";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("data moves", dataMoveCases);
