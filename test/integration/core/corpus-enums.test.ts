import { enumCases } from "../../corpus/cases/enums";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("enums", enumCases);
