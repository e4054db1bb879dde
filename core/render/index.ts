export { renderModel } from "./render-model";
export { withScratchDatabase } from "./scratch-database";
