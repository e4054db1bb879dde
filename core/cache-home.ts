// Where schemastack keeps what it may throw away on this machine (rendered models, compiled code):
// `$XDG_CACHE_HOME/schemastack`, else `~/.cache/schemastack`. Loads nothing but Node's own modules,
// so the CLI can use it before anything else (cli/compile-cache.ts).
import * as os from "os";
import * as path from "path";

export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(base, "schemastack");
}
