// Runs real Pulumi programs with the real CLI (built by toolchain/bootstrap.sh) through the
// Automation API, against the local test environment.
import * as assert from "assert";
import * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { repoRoot, stateRoot } from "../../localenv/paths";
import { createTestDatabase, TestDatabase, testEnv } from "./env";

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

/** A staging stack that rehearses against prod and a prod stack that promotes from it, each on a new database. */
export interface PromotionPair {
  prodDb: TestDatabase;
  stagingDb: TestDatabase;
  staging: automation.Stack;
  prod: automation.Stack;
  stagingName: string;
}

/**
 * Opens the pair for `programDir` (the spec-program fixture's config keys) with both stacks at
 * `spec`, and runs an `up` of each: staging first (rehearsed on a branch of prod), then prod.
 */
export async function upPromotionPair(
  programDir: string,
  prefix: string,
  spec: unknown,
): Promise<PromotionPair> {
  const prodDb = await createTestDatabase(`prod${prefix}`);
  const stagingDb = await createTestDatabase(`staging${prefix}`);
  const stagingName = `staging${prefix}${process.pid}`;
  const { stack: staging } = await openStack(programDir, stagingName);
  const { stack: prod } = await openStack(programDir, `prod${prefix}${process.pid}`);
  await staging.setAllConfig({
    "schemastack-test:databaseUrl": { value: stagingDb.url, secret: true },
    "schemastack-test:rehearseAgainst": { value: prodDb.url, secret: true },
    "schemastack-test:spec": { value: JSON.stringify(spec) },
  });
  await prod.setAllConfig({
    "schemastack-test:databaseUrl": { value: prodDb.url, secret: true },
    "schemastack-test:promoteFrom": { value: stagingName },
    "schemastack-test:spec": { value: JSON.stringify(spec) },
  });
  assert.strictEqual((await staging.up()).summary.result, "succeeded");
  assert.strictEqual((await prod.up()).summary.result, "succeeded");
  return { prodDb, stagingDb, staging, prod, stagingName };
}
