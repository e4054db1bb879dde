// The provider text every dynamic resource stores twice in the state (dynamic-providers/shell.ts):
// small, and evaluated the way the engine's dynamic provider host does (a module compiled from the
// text in the program's folder), it hands over the runtime's provider of its kind.
import * as assert from "assert";
import Module from "module";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../../localenv/paths";
import { providerText, type ProviderKind } from "../../../dynamic-providers/shell";
import { redactedReason } from "../../../dynamic-providers/runtime/live-catalog";

type Handler = { handler: () => Record<string, unknown> };

/** What require-from-string does in the provider process: compile the text as a module of the working directory. */
function evaluate(text: string): Handler {
  const internal = Module as unknown as { _nodeModulePaths(from: string): string[] };
  const m = new Module("", module) as Module & { _compile(code: string, filename: string): void };
  m.filename = "";
  m.paths = internal._nodeModulePaths(path.dirname(""));
  m._compile(text, "");
  return m.exports as Handler;
}

/** The provider the text hands over in a provider process started in `cwd` (the program's folder). */
function handle(text: string, cwd: string): Record<string, unknown> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return evaluate(text).handler();
  } finally {
    process.chdir(previous);
  }
}

describe("provider shell (issue 20: state per table)", () => {
  const kinds: ProviderKind[] = ["catalogObject", "migration", "schemaVersion", "backup", "branch"];

  it("is under 285 bytes per kind (it was ~4.4 KB, stored twice per resource)", () => {
    for (const kind of kinds)
      assert.ok(providerText(kind).length < 285, `${kind}: ${providerText(kind).length} bytes`);
  });

  it("hands over the runtime's provider of its kind from a program folder inside the package", () => {
    const program = path.join(repoRoot, "test", "e2e", "fixtures");
    const table = handle(providerText("catalogObject"), program);
    assert.strictEqual(typeof table.diff, "function");
    assert.strictEqual(typeof table.create, "function");
    // A provider without update of its own answers the new inputs as the earlier shells did.
    const branch = handle(providerText("branch"), program);
    assert.strictEqual(typeof branch.update, "function");
  });

  it("outside any schemastack package says so", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-shell-"));
    try {
      assert.throws(() => handle(providerText("migration"), outside), /schemastack is not installed for/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("redacts a connection's password (also percent-encoded) through core's one redaction", () => {
    const url = "postgres://app:s3cr%40t!@db.example:5432/app";
    const said = redactedReason(
      new Error("auth failed for s3cr@t! (postgres://app:s3cr%40t!@db.example:5432/app)"),
      url,
    );
    assert.ok(!said.includes("s3cr"), said);
  });
});
