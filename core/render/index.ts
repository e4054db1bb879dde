export { renderModel } from "./render-model";
export { scratchPrefix, sweepScratchDatabases, withScratchDatabase } from "./scratch-database";
export type { ScratchOptions } from "./scratch-database";
