// V8's code cache for the CLI's own compiled modules. A command spends a good part of its CPU
// compiling JavaScript: each module's top level when it is loaded, then each function the first
// time it runs (a small `plan` compiles most of the planner). V8 can hand that work back as a code
// cache taken *after* a run, and accept it on the next run instead of compiling again: ~15 ms of
// the ~140 ms CPU of a 10-table `plan` (bench/RESULTS.md section 9). Node 22 has
// module.enableCompileCache(); Node 20 has not, and its cache is taken before the functions run.
//
// Only files under `ownDir` (this package's compiled code) go through here; every other module is
// compiled by Node as usual. A cache entry names the file's size and modification time, and V8
// itself rejects data from another V8 version or other flags: a stale entry is compiled afresh and
// replaced. Entries are written when the process exits, for the modules that had none; any failure
// to read or write one only costs the compile it would have saved.
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import * as vm from "vm";

/** The process's main module, as Node's own `require.main` gives every module. */
const mainModule = require.main;

interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleInternals {
  prototype: CompilingModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CompilingModule, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
}

/** `<size>:<mtime>\n` before the V8 data: which version of the file the data was taken from. */
function stampOf(filename: string): string | undefined {
  try {
    const stat = fs.statSync(filename);
    return `${stat.size}:${stat.mtimeMs}\n`;
  } catch {
    return undefined;
  }
}

function entryFile(cacheDir: string, filename: string): string {
  return path.join(cacheDir, filename.replace(/[^A-Za-z0-9._-]/g, "_"));
}

function readEntry(file: string, stamp: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    return data.subarray(0, stamp.length).toString() === stamp ? data.subarray(stamp.length) : undefined;
  } catch {
    return undefined; // no entry yet
  }
}

function writeEntry(file: string, stamp: string, data: Buffer): void {
  try {
    // Written whole and then renamed: a concurrent run reads the old entry or the new one.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(stamp), data]));
    fs.renameSync(temporary, file);
  } catch {
    // A read-only or full disk: the next run compiles, nothing else.
  }
}

/** Compiles the modules under `ownDir` with the code cache in `cacheDir` from now on. */
export function installCompileCache(ownDir: string, cacheDir: string): void {
  const internals = Module as unknown as ModuleInternals;
  const compile = internals.prototype._compile;
  const own = ownDir.endsWith(path.sep) ? ownDir : ownDir + path.sep;
  const missing: { file: string; stamp: string; script: vm.Script }[] = [];
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
  } catch {
    return;
  }
  internals.prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    const stamp = filename.startsWith(own) && filename.endsWith(".js") ? stampOf(filename) : undefined;
    if (stamp === undefined) return compile.call(this, content, filename);
    const file = entryFile(cacheDir, filename);
    const cachedData = readEntry(file, stamp);
    // What Node's own loader does for a CommonJS module, with the cache given to V8. A `#!` line
    // stays a line (commented out), so line numbers in stack traces are the file's.
    const source = internals.wrap(content.startsWith("#!") ? `//${content}` : content);
    const script = new vm.Script(source, { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true) missing.push({ file, stamp, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) =>
        internals._resolveFilename(request, this, false, options),
      main: mainModule,
      extensions: internals._extensions,
      cache: internals._cache,
    });
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  // Taken at exit, so the data holds the functions this run compiled, not only the top levels.
  process.once("exit", () => {
    for (const { file, stamp, script } of missing) writeEntry(file, stamp, script.createCachedData());
  });
}
