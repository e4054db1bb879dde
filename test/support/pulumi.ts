// Runs real Pulumi programs with the real CLI (built by toolchain/bootstrap.sh) through the
// Automation API, against the local test environment.
import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { repoRoot, stateRoot } from "../../localenv/paths";
import { testEnv } from "./env";

let command: Promise<automation.PulumiCommand> | undefined;

/** The pulumi binary from .schemastack/bin (the Automation API looks for <root>/bin/pulumi). */
export function pulumiCommand(): Promise<automation.PulumiCommand> {
  command ??= automation.PulumiCommand.get({ root: stateRoot() });
  return command;
}

let counter = 0;

/**
 * Copies a program folder into .schemastack/tmp (so stack settings files never land in the repo;
 * node_modules still resolve from the repo root) and opens a fresh stack for it.
 */
export async function openStack(
  programDir: string,
  stackName: string,
  extraEnv: Record<string, string> = {},
): Promise<{ stack: automation.Stack; workDir: string; env: Record<string, string> }> {
  const env = await testEnv();
  // Same depth below the repo root as test/e2e/fixtures/<program>, so the fixtures' relative
  // imports of the product (../../../../components) work in both places. Under this checkout's own
  // .schemastack even when SCHEMASTACK_HOME points at a shared toolchain elsewhere: the program
  // (and the provider shell, which walks up from it) must load this checkout's code.
  const workDir = path.join(
    repoRoot,
    ".schemastack",
    "tmp",
    `${process.pid}-${counter++}`,
    path.basename(programDir),
  );
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(workDir), { recursive: true });
  fs.cpSync(programDir, workDir, { recursive: true });
  // `npm test` type-checks everything with tsc first; programs under test only need transpiling.
  const envVars = { ...env.pulumiEnv, PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...extraEnv };
  const workspace = await automation.LocalWorkspace.create({
    workDir,
    pulumiCommand: await pulumiCommand(),
    envVars,
  });
  const stack = await automation.Stack.createOrSelect(stackName, workspace);
  return { stack, workDir, env: envVars };
}

/** Collects the engine events of one operation, for assertions on what the engine reported. */
export function eventCollector(): {
  events: automation.EngineEvent[];
  onEvent: (e: automation.EngineEvent) => void;
} {
  const events: automation.EngineEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}
