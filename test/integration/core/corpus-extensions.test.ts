import { corpusFiles } from "../../corpus/golden";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("extensions", corpusFiles["extensions"]);
