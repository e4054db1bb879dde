// `schemastack history | head`: when the reader goes away the CLI stops quietly (exit 0, nothing on
// stderr), as Unix tools do, instead of dying with an EPIPE stack trace.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";

const bin = path.join(__dirname, "../../../cli/bin/schemastack");

describe("schemastack CLI writing to a closed pipe", function () {
  this.timeout(60_000);

  it("ends quietly when stdout's reader has gone away", async () => {
    const child = spawn(process.execPath, [bin, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    // Close the reading end before the CLI has started (ts-node start-up takes far longer than this).
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });
});
