// Opens an existing stack of the program in `cwd` with the Automation API, using the pulumi CLI in
// `<pulumiRoot>/bin` when the caller names one that has it (the CLI passes the repository's
// toolchain folder), else `pulumi` on PATH.
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

export async function openExistingStack(
  stackName: string,
  cwd: string,
  env: Record<string, string | undefined> = process.env,
  pulumiRoot?: string,
): Promise<Stack> {
  const root = pulumiRoot;
  const pulumiCommand =
    root && fs.existsSync(path.join(root, "bin", "pulumi"))
      ? await PulumiCommand.get({ root, skipVersionCheck: true })
      : await PulumiCommand.get({ skipVersionCheck: true });
  const envVars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return LocalWorkspace.selectStack({ stackName, workDir: path.resolve(cwd) }, { pulumiCommand, envVars });
}
