// Pairs the schema-pair fuzzer (test/fuzz) found failing, reduced by hand to what made them fail.
// Each names its seed: `npx ts-node -T test/fuzz/run.ts --from SEED --seeds 1` replays the original.
import { CorpusCase, spec, withId } from "../corpus-case";

export const fuzzFoundCases: CorpusCase[] = [
  {
    // Seed 96: the drop of the constraint named the table by its new name but ran before the rename.
    name: "fuzz seed 96: rename a table and drop its unique constraint in one plan",
    old: spec({
      accounts: withId(
        { email: { type: "text" } },
        { constraints: { accounts_email_uq: { type: "unique", columns: ["email"] } } },
      ),
    }),
    new: spec({ customers: { ...withId({ email: { type: "text" } }), renamedFrom: "accounts" } }),
  },
];
