// The stack a CLI command works on: the Automation API with this repository's toolchain pulumi
// (.schemastack/bin, or $SCHEMASTACK_HOME/bin) when it is there, else `pulumi` on PATH.
import type { Stack } from "@pulumi/pulumi/automation";
import { stateRoot } from "../localenv/paths";

export async function openCliStack(stackName: string, cwd: string): Promise<Stack> {
  const { openExistingStack } = await import("../automation/workspace");
  return openExistingStack(stackName, cwd, process.env, stateRoot());
}
