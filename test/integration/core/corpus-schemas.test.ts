import { corpusFiles } from "../../corpus/golden";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("schemas", corpusFiles["schemas"]);
