// The entry point the provider text in every dynamic resource's state loads (dynamic-providers/shell.ts):
// the text requires this file by its path in the package and calls it with a kind; it returns that
// kind's provider object. Plain CommonJS, so the text loads it from the repository and from an
// installed package alike. Installed from npm, the package ships compiled JS only (dist/): that is
// loaded as is, no ts-node needed by users, TypeScript and JavaScript programs alike. Working on
// schemastack itself (the source is here), the TypeScript is compiled on load like the program is,
// so tests run the current code.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function provider(kind) {
  // Shared with the closure-serialised shells of states written by earlier releases: one runtime per process.
  const cache = globalThis;
  if (!cache.__schemastackProviders) {
    const source = path.join(__dirname, "dynamic-providers", "runtime", "providers.ts");
    let entry = path.join(__dirname, "dist", "dynamic-providers", "runtime", "providers.js");
    if (fs.existsSync(source)) {
      require(require.resolve("ts-node", { paths: [__dirname] })).register({
        transpileOnly: true,
        project: path.join(__dirname, "tsconfig.json"),
        ignore: ["node_modules/(?!schemastack/)"],
      });
      entry = source;
    }
    cache.__schemastackProviders = require(entry).providers;
  }
  const found = cache.__schemastackProviders[kind];
  if (!found) throw new Error(`schemastack: no provider implementation for ${kind}`);
  return found;
};
