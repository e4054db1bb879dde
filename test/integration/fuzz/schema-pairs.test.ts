// The schema-pair fuzzer in CI: a fixed range of seeds (FUZZ_SEEDS, default 10: about what the
// 12 seeds of the tables-only generator took, since pairs now hold every object kind; see
// bench/fuzz/RESULTS.md), each one pair of random declarations checked end to end by
// test/fuzz/check-pair.ts. Thousands of seeds: `npx ts-node -T test/fuzz/run.ts --seeds 2000`
// (results in bench/fuzz/RESULTS.md); every seed that ever failed is a corpus case in
// test/corpus/cases/fuzz-found.ts.
import * as assert from "assert";
import { runSeeds } from "../../fuzz/run";

export const ciSeeds = Number(process.env.FUZZ_SEEDS ?? 10);

describe("fuzz: random schema pairs converge, keep rows and re-plan to nothing", function () {
  this.timeout(600_000);
  it(`seeds 1..${ciSeeds}`, async () => {
    const summary = await runSeeds(1, ciSeeds);
    assert.deepStrictEqual(
      summary.failures.map((f) => f.message),
      [],
      `replay one with: npx ts-node -T test/fuzz/run.ts --from SEED --seeds 1`,
    );
  });
});
