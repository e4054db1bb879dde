// What the `schemastack` executable sets up before it loads anything else (cli/run.ts imports this
// first). Both only change how this process starts; library code leaves the process as it is.
import * as path from "path";
import { cacheHome } from "../core/cache-home";
import { installCompileCache } from "./compile-cache";

// The compiled package (dist/cli/boot.js) reuses V8's compiled code between runs (cli/compile-cache.ts):
// `SCHEMASTACK_COMPILE_CACHE=off` to skip, `SCHEMASTACK_COMPILE_CACHE_DIR` to keep it elsewhere.
// The TypeScript sources run by ts-node (cli/bin/schemastack) compile as usual.
if (__filename.endsWith(".js") && process.env.SCHEMASTACK_COMPILE_CACHE !== "off") {
  installCompileCache(
    path.join(__dirname, ".."),
    process.env.SCHEMASTACK_COMPILE_CACHE_DIR
      ? path.resolve(process.env.SCHEMASTACK_COMPILE_CACHE_DIR)
      : path.join(cacheHome(), "compile", `node-${process.version}-${process.arch}`),
  );
}

// Node 21+ has a global `navigator`; Node 20 does not, and then the pg driver, when loaded, tells
// a Cloudflare Worker from Node by building a fetch `Response`, which loads Node's bundled HTTP
// client (undici): 15-20 ms of every command that connects, more on a loaded machine
// (bench/RESULTS.md section 9). Node 21's `navigator.userAgent` ("Node.js/<major>") answers that
// check at once. Node 21+ itself has it, so code that runs there copes with it.
if (!("navigator" in globalThis)) {
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: `Node.js/${process.versions.node.split(".")[0]}` },
    configurable: true,
    writable: true,
  });
}
