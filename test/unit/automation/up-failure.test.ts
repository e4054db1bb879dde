// What `schemastack up` prints of a failed `pulumi up`: the reason (error diagnostics), not only the
// closing summary that ends the engine's output.
import { strict as assert } from "assert";
import { upFailureSummary } from "../../../automation/up";

const output = [
  "code: 255",
  " stdout: Updating (staging):",
  "",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (app-staging):",
  "    error: update failed",
  "",
  "  pulumi-nodejs:dynamic/schemastack:Migration (app-migration):",
  '    error: step "add check accounts_balance_check to public.accounts" failed:',
  '    check constraint "accounts_balance_check" of relation "accounts" is violated by some row (SQLSTATE 23514)',
  "",
  "Outputs:",
  ...Array.from({ length: 14 }, (_, i) => `  - output${i}: "x"`),
  "Resources:",
  "    2 errored",
  "",
  "Duration: 6s",
  "",
  " stderr: ",
  " err?: ",
].join("\n");

describe("schemastack up: what a failed pulumi up prints", () => {
  it("keeps each error diagnostic with its continuation lines, and the summary", () => {
    const summary = upFailureSummary(output);
    assert.match(summary, /error: step "add check accounts_balance_check/);
    assert.match(summary, /is violated by some row \(SQLSTATE 23514\)/);
    assert.match(summary, /Duration: 6s/);
    assert.doesNotMatch(summary, /update failed/);
  });

  it("falls back to the closing lines when the output has no error diagnostic", () => {
    assert.strictEqual(upFailureSummary("a\nb\nc"), "a\nb\nc");
  });
});
