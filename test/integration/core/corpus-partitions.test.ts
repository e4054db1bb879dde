import { partitionCases } from "../../corpus/cases/partitions";
import { convergenceSuite } from "./corpus-harness";

convergenceSuite("partitions", partitionCases);
