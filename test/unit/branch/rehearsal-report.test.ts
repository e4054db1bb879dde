// The line prod's preview prints beside the promotion gate (issue 21): pure formatting.
import * as assert from "assert";
import { formatDuration, formatRehearsalCost, readRehearsalReport } from "../../../core/branch";

const fingerprint = "sha256:0123456789abcdef";
const report = {
  fingerprint,
  rehearsedAt: "2026-12-02T13:41:00.000Z",
  durationMs: 15_000,
  copy: { method: "dump", reason: "live", takenAt: "2026-12-02T13:40:00.000Z", rowLimit: null },
  steps: [
    {
      description: "add column nickname to public.accounts",
      durationMs: 12,
      lockWaitMs: 0,
      lock: "ACCESS EXCLUSIVE",
    },
    {
      description: "create index accounts_email_idx",
      durationMs: 14_200,
      lockWaitMs: 30,
      lock: "SHARE UPDATE EXCLUSIVE",
    },
  ],
};

describe("rehearsal cost line for prod's preview", () => {
  it("names the copy, the longest steps, the longest lock wait and how long writes are blocked", () => {
    assert.strictEqual(
      formatRehearsalCost(readRehearsalReport(report), fingerprint, "staging"),
      'rehearsed by "staging" on a copy of prod (dump, taken at 2026-12-02T13:40:00.000Z): 2 steps, 14.2 s: ' +
        "create index accounts_email_idx 14.2 s, add column nickname to public.accounts 12 ms; " +
        "longest lock wait 30 ms (create index accounts_email_idx); " +
        "writes blocked at most 12 ms (add column nickname to public.accounts, ACCESS EXCLUSIVE)",
    );
  });

  it("says when the timings are for another schema, or missing", () => {
    assert.match(
      formatRehearsalCost(readRehearsalReport(report), "sha256:ffff", "staging"),
      /no rehearsal timings for schema sha256:ffff: "staging" last rehearsed sha256:01234/,
    );
    assert.match(
      formatRehearsalCost(readRehearsalReport(null), fingerprint, "staging"),
      /no rehearsal timings published/,
    );
    assert.strictEqual(readRehearsalReport({ fingerprint, steps: [{ description: 3 }] }), null);
  });

  it("marks a sampled copy", () => {
    const sampled = { ...report, copy: { ...report.copy, rowLimit: 1000 } };
    assert.match(
      formatRehearsalCost(readRehearsalReport(sampled), fingerprint, "s"),
      /\[a sample: at most 1000 rows per table\]/,
    );
  });

  it("formats durations for people", () => {
    assert.deepStrictEqual([850, 1234, 14_200, 185_000].map(formatDuration), [
      "850 ms",
      "1.23 s",
      "14.2 s",
      "3 min 05 s",
    ]);
  });
});
