// Every corpus case's plan against its checked-in golden file (pure planner, no database). A
// changed plan fails here with the diff; rewrite the files with
//   SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
// and review the diff like code.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  caseSlug,
  corpusFiles,
  goldenPath,
  goldenRoot,
  goldenText,
  rewriteCommand,
} from "../../corpus/golden";

const update = process.env.SCHEMASTACK_UPDATE_GOLDEN === "1";

describe("corpus golden plans", () => {
  for (const [file, cases] of Object.entries(corpusFiles)) {
    describe(file, () => {
      it("has one golden file per case and no stray ones", () => {
        const slugs = cases.map((c) => caseSlug(c.name));
        assert.equal(new Set(slugs).size, slugs.length, "two cases share a file name: rename one");
        const dir = path.join(goldenRoot, file);
        const expected = new Set(slugs.map((s) => `${s}.plan.sql`));
        const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
        const stray = present.filter((f) => !expected.has(f));
        if (update) for (const f of stray) fs.unlinkSync(path.join(dir, f));
        else assert.deepEqual(stray, [], `golden files without a case; rewrite with: ${rewriteCommand}`);
      });
      for (const c of cases) {
        it(c.name, () => {
          const target = goldenPath(file, c);
          const actual = goldenText(file, c);
          if (update) {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== actual)
              fs.writeFileSync(target, actual);
            return;
          }
          assert.ok(fs.existsSync(target), `no golden plan ${target}; write it with: ${rewriteCommand}`);
          assert.equal(
            actual,
            fs.readFileSync(target, "utf8"),
            `the plan changed; if on purpose: ${rewriteCommand}`,
          );
        });
      }
    });
  }
});
