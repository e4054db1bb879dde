import * as assert from "assert";
import { commands } from "../../../cli/commands";
import { main } from "../../../cli/main";

describe("the CLI's command registry", () => {
  it("lists each command under its own name and summary (what --help prints without loading it)", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      assert.strictEqual(command.name, entry.name);
      assert.strictEqual(command.summary, entry.summary, `summary of ${entry.name}`);
    }
    assert.strictEqual(new Set(commands.map((c) => c.name)).size, commands.length);
  });

  it("prints the main help from the registry alone", async () => {
    let out = "";
    const code = await main(["--help"], { out: (t) => (out += t), err: (t) => (out += t) });
    assert.strictEqual(code, 0);
    for (const entry of commands) assert.ok(out.includes(`  ${entry.name}`) && out.includes(entry.summary));
  });
});
