import * as path from "path";

/** The repository root (this file lives in <root>/localenv). */
export const repoRoot = path.resolve(__dirname, "..");

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
