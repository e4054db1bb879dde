import { corpusFiles } from "../../corpus/golden";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("table-details", corpusFiles["table-details"]);
