// Adoption in e2e tests: `schemastack inspect --format ts` of a database, run as the program of a
// fresh stack (the fixture `adopted`), exactly as a user adopting that database would.
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import type * as automation from "@pulumi/pulumi/automation";
import { openStack } from "./pulumi";

const repoRoot = path.resolve(__dirname, "..", "..");

/** What `schemastack inspect --format ts` prints for `url` (stdout), and its stderr ("not managed: ..."). */
export function inspectProgram(url: string, extraArgs: string[] = []): { program: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, "cli", "bin", "schemastack"),
      "inspect",
      "--database-url",
      url,
      ...extraArgs,
      "--format",
      "ts",
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`schemastack inspect exited ${r.status}: ${r.stderr}`);
  return { program: r.stdout, stderr: r.stderr };
}

/** A stack whose program is `program` (inspect output), connected to `url`. */
export async function openAdoptedStack(
  stackName: string,
  url: string,
  program: string,
): Promise<{ stack: automation.Stack; workDir: string }> {
  const opened = await openStack(path.join(repoRoot, "test", "e2e", "fixtures", "adopted"), stackName, {
    SCHEMASTACK_DATABASE_URL: url,
  });
  // The generated program imports the components next to it; the stack's folder is deeper.
  fs.writeFileSync(
    path.join(opened.workDir, "index.ts"),
    program.replace(`from "./components"`, `from "../../../../components"`),
  );
  return opened;
}
