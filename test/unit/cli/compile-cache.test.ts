// The CLI's code cache (cli/compile-cache.ts), in child processes (it changes how their modules
// compile): modules run as Node runs them, entries are written once and then used, and an edited
// file runs its new code, even when its size did not change.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const compileCache = path.resolve(__dirname, "..", "..", "..", "cli", "compile-cache");

describe("cli compile cache", function () {
  this.timeout(60_000);
  let dir: string;
  let own: string;
  let cache: string;

  /** Loads own/main.js in a fresh Node with the cache installed; returns what it printed. */
  const run = (): unknown => {
    const script =
      `require(${JSON.stringify(compileCache)}).installCompileCache(${JSON.stringify(own)}, ${JSON.stringify(cache)});` +
      `console.log(JSON.stringify(require(${JSON.stringify(path.join(own, "main.js"))})));`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.resolve(__dirname, "..", "..", ".."),
      encoding: "utf8",
    });
    return JSON.parse(out);
  };
  const entries = () =>
    fs
      .readdirSync(cache)
      .sort()
      .map((name) => ({ name, at: fs.statSync(path.join(cache, name)).mtimeMs }));

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-compile-cache-"));
    own = path.join(dir, "own");
    cache = path.join(dir, "cache");
    fs.mkdirSync(own);
    fs.writeFileSync(
      path.join(own, "main.js"),
      '#!/usr/bin/env node\n"use strict";\nconst dep = require("./dep");\n' +
        "module.exports = { dep: dep.word, file: __filename, dir: __dirname, resolves: require.resolve('./dep'), " +
        "line: new Error().stack.split('\\n')[1].replace(/.*:(\\d+):\\d+\\)?$/, '$1') };\n",
    );
    fs.writeFileSync(path.join(own, "dep.js"), 'exports.word = "one";\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs modules as Node does and writes an entry for each", () => {
    assert.deepEqual(run(), {
      dep: "one",
      file: path.join(own, "main.js"),
      dir: own,
      resolves: path.join(own, "dep.js"),
      line: "4",
    });
    assert.equal(entries().length, 2);
  });

  it("uses the entries on the next run instead of writing them again", () => {
    const before = entries();
    assert.equal((run() as { dep: string }).dep, "one");
    assert.deepEqual(entries(), before);
  });

  it("runs an edited file's new code, even at the same size, and replaces its entry", () => {
    const before = entries();
    const dep = path.join(own, "dep.js");
    fs.writeFileSync(dep, 'exports.word = "two";\n');
    const later = new Date(fs.statSync(dep).mtimeMs + 5_000);
    fs.utimesSync(dep, later, later);
    assert.equal((run() as { dep: string }).dep, "two");
    const after = entries();
    assert.deepEqual(
      after.filter((e, i) => e.at !== before[i].at).map((e) => e.name.endsWith("dep.js")),
      [true],
    );
  });
});
