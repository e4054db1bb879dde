// Mocha's spec output, plus the line CI reads: "N passed, N failed" from mocha's own counts.
// The line is also written to $SCHEMASTACK_SUMMARY_FILE so toolchain/test.sh can print it last,
// after the environment's shutdown messages.
"use strict";
const fs = require("fs");
const Mocha = require("mocha");
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats || { passes: 0, failures: 0, pending: 0 };
      const line =
        `${stats.passes} passed, ${stats.failures} failed` +
        (stats.pending ? `, ${stats.pending} skipped` : "");
      // Under npm test the script prints the line last (after the environment's shutdown).
      if (process.env.SCHEMASTACK_SUMMARY_FILE)
        fs.writeFileSync(process.env.SCHEMASTACK_SUMMARY_FILE, line + "\n");
      else process.stdout.write(line + "\n");
    });
  }
}

module.exports = SummaryReporter;
