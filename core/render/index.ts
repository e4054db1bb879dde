export { renderModel } from "./render-model";
export type { RenderOptions } from "./render-model";
export { cachedRender, defaultRenderCacheDir, serverVersionOf } from "./render-cache";
export {
  OwnScratchDatabaseNeeded,
  scratchPrefix,
  sharedScratchDatabase,
  sweepScratchDatabases,
  withScratchDatabase,
} from "./scratch-database";
export type { ScratchContext, ScratchOptions } from "./scratch-database";
