import * as fs from "fs";
import * as path from "path";

/**
 * The schemastack package's root: the nearest folder above this file whose package.json is named
 * "schemastack". Not a fixed number of "..": this file runs as localenv/paths.ts from the repository
 * and as dist/localenv/paths.js from the build or from an installed package.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name === "schemastack")
          return dir;
      } catch {
        // an unreadable package.json is not ours: keep walking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`schemastack: no schemastack package.json above ${from}`);
  }
}

/** The repository (or installed package) root. */
export const repoRoot = packageRoot();

/**
 * The one git-ignored folder that holds everything the project builds or runs locally:
 * bin/ (pulumi, language host, versitygw), env/<name>/ (local servers' data), tmp/.
 * SCHEMASTACK_HOME moves it, e.g. to share one toolchain between clones.
 */
export function stateRoot(): string {
  return process.env.SCHEMASTACK_HOME
    ? path.resolve(process.env.SCHEMASTACK_HOME)
    : path.join(repoRoot, ".schemastack");
}

export function binDir(): string {
  return path.join(stateRoot(), "bin");
}

export function envDir(name: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new Error(`local environment name "${name}" must be lowercase letters, digits and dashes`);
  }
  return path.join(stateRoot(), "env", name);
}

/** PATH with the toolchain first, so the engine finds our pulumi, language host and launchers. */
export function toolchainPath(): string {
  return [binDir(), process.env.PATH ?? ""].join(path.delimiter);
}
