// The access-control bad inputs (issue 17) that need no database are refused by validation alone,
// before any connection: policy expressions that smuggle statements, grants to PUBLIC of
// everything, privileges on undeclared objects, passwords in spec files. (Unknown roles need the
// catalog: the integration suite runs every case through load, render, plan and apply.)
import * as assert from "assert";
import { SchemaValidationError, fromSpec } from "../../../core/model";
import type { SchemaSpec } from "../../../core/model/declaration";
import { accessBadInputs, baseline, toSchemaSpec } from "../../support/adversarial/bad-inputs";

describe("adversarial: access-control bad inputs refused by validation", () => {
  const offline = accessBadInputs.filter((c) => c.kind === "rejected" && !/unknown role/.test(c.id));

  it("covers the issue's cases", () => {
    const ids = offline.map((c) => c.id);
    for (const id of [
      "policy USING that smuggles a second statement",
      "grant to PUBLIC of everything",
      "privileges on an undeclared table",
      "privileges on an undeclared function",
      "grant to PUBLIC of everything on a view",
      "role password in a spec file",
    ])
      assert.ok(ids.includes(id), id);
  });

  for (const c of offline) {
    it(c.id, () => {
      const spec = baseline();
      c.mutate?.(spec);
      assert.throws(
        () => fromSpec(toSchemaSpec(spec) as unknown as SchemaSpec),
        (e: unknown) => e instanceof SchemaValidationError && (c.expect ?? /./).test(e.message),
      );
    });
  }
});
