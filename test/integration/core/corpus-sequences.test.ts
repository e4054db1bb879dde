import { corpusFiles } from "../../corpus/golden";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("sequences", corpusFiles["sequences"]);
