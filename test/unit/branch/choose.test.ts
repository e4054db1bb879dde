// The rehearsal copy chooser and its stack settings (issue 21): pure, no database.
import * as assert from "assert";
import {
  chooseBranchMethod,
  parseRehearsalSettings,
  withRehearsalSettings,
  describeCopy,
  progressPrinter,
} from "../../../core/branch";

const base = {
  requested: "auto" as const,
  neonConfigured: false,
  parentHost: "db.internal",
  otherSessions: 0,
  otherRehearsalServer: false,
};

describe("rehearsal copy method", () => {
  it("auto: neon when configured, template when idle, dump when live, with a reason", () => {
    assert.strictEqual(chooseBranchMethod({ ...base, neonConfigured: true }).method, "neon");
    assert.strictEqual(chooseBranchMethod(base).method, "template");
    const live = chooseBranchMethod({ ...base, otherSessions: 3 });
    assert.strictEqual(live.method, "dump");
    assert.match(live.reason, /3 other session\(s\).*without blocking its writers/);
    assert.strictEqual(chooseBranchMethod({ ...base, otherRehearsalServer: true }).method, "dump");
    assert.match(chooseBranchMethod({ ...base, rowLimit: 10 }).reason, /row limit of 10/);
  });

  it("a Neon parent without the neon driver is copied with pg_dump, and the reason says how to do better", () => {
    const onNeon = chooseBranchMethod({ ...base, parentHost: "ep-x-123.eu-central-1.aws.neon.tech" });
    assert.strictEqual(onNeon.method, "dump");
    assert.match(onNeon.reason, /configure the neon driver/);
  });

  it("a method set in stack config wins, and says so", () => {
    assert.deepStrictEqual(chooseBranchMethod({ ...base, requested: "basebackup", otherSessions: 5 }), {
      method: "basebackup",
      reason: "method basebackup set by schemastack:rehearsalMethod",
    });
  });

  it("parses the stack settings, naming the key of a bad value", () => {
    const config = (values: Record<string, string>) => (key: string) => values[key];
    assert.deepStrictEqual(parseRehearsalSettings(config({})), { method: "auto" });
    assert.deepStrictEqual(
      parseRehearsalSettings(
        config({
          "schemastack:rehearsalMethod": "dump",
          "schemastack:rehearsalServer": "postgres://a@h/postgres",
          "schemastack:rehearsalRowLimit": "1000",
          "schemastack:rehearsalJobs": "2",
        }),
      ),
      { method: "dump", server: "postgres://a@h/postgres", rowLimit: 1000, jobs: 2 },
    );
    assert.throws(
      () => parseRehearsalSettings(config({ "schemastack:rehearsalMethod": "clone" })),
      /schemastack:rehearsalMethod: "clone" is not one of auto, template, dump, basebackup, neon/,
    );
    assert.throws(
      () => parseRehearsalSettings(config({ "schemastack:rehearsalRowLimit": "-3" })),
      /schemastack:rehearsalRowLimit: expected a whole number >= 1, got "-3"/,
    );
    assert.throws(
      () =>
        parseRehearsalSettings(
          config({ "schemastack:rehearsalMethod": "template", "schemastack:rehearsalRowLimit": "5" }),
        ),
      /needs the dump method/,
    );
    assert.throws(
      () => parseRehearsalSettings(config({ "schemastack:rehearsalServer": "scratch-host" })),
      /schemastack:rehearsalServer: expected a postgres:\/\/ URL/,
    );
  });

  it("applies the settings over the program's driver config", () => {
    assert.deepStrictEqual(withRehearsalSettings({}, { method: "auto" }), { method: "auto" });
    assert.deepStrictEqual(withRehearsalSettings({ method: "basebackup" }, { method: "auto" }), {
      method: "basebackup",
    });
    assert.deepStrictEqual(
      withRehearsalSettings({}, { method: "dump", server: "postgres://x@h/postgres", rowLimit: 5, jobs: 3 }),
      { method: "dump", rehearsalServerUrl: "postgres://x@h/postgres", rowLimit: 5, dumpJobs: 3 },
    );
    assert.throws(() => withRehearsalSettings({}, { method: "neon" }), /gives no neon driver/);
    const neon = { kind: "neon" as const, apiKey: "k", projectId: "p", databaseName: "d", roleName: "r" };
    assert.strictEqual(withRehearsalSettings(neon, { method: "auto" }), neon);
    assert.throws(() => withRehearsalSettings(neon, { method: "dump" }), /configures the neon driver/);
  });

  it("describes a sampled copy as a weaker rehearsal", () => {
    const line = describeCopy({
      method: "dump",
      reason: "r",
      takenAt: "2026-12-02T10:00:00.000Z",
      rowLimit: 50,
    });
    assert.match(
      line,
      /copy of the parent by dump, taken at 2026-12-02T10:00:00.000Z \(r\)\. WEAKER REHEARSAL: at most 50 row/,
    );
  });

  it("prints copy progress per phase change, at most every interval, and the end of each phase", () => {
    const lines: string[] = [];
    let t = 0;
    const print = progressPrinter(
      (l) => lines.push(l),
      1000,
      () => t,
    );
    for (const [phase, done, at] of [
      ["dump", 1, 0],
      ["dump", 2, 10],
      ["dump", 3, 1500],
      ["dump", 4, 1600],
      ["restore", 1, 1700],
      ["restore", 4, 1800],
    ] as const) {
      t = at;
      print({ phase, tablesDone: done, tablesTotal: 4 });
    }
    assert.deepStrictEqual(lines, [
      "copying the parent: dump 1/4 tables",
      "copying the parent: dump 3/4 tables",
      "copying the parent: dump 4/4 tables",
      "copying the parent: restore 1/4 tables",
      "copying the parent: restore 4/4 tables",
    ]);
  });
});
