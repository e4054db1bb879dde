// Drift of the Sequence and Extension resources (issue 15): one line per option changed outside
// the program; an extension declared without a version takes whatever the server installed.
import * as assert from "assert";
import { declaredPart, objectDrift } from "../../../dynamic-providers/runtime/catalog-object-provider";
import { sequenceProps } from "../../../dynamic-providers/object-shape";
import { fromSpec } from "../../../core/model";

const model = fromSpec({ schemas: { public: { sequences: { s: { type: "integer", increment: 10 } } } } });
const declared = sequenceProps(model.sequences![0]);

describe("Sequence and Extension drift", () => {
  it("names each sequence option changed by hand", () => {
    const live = { ...declared, increment: "7", cycle: true };
    assert.deepStrictEqual(objectDrift('sequence "public.s"', "sequence", live, declared, undefined), [
      'sequence "public.s": increment is "7" in the database, declared "10"',
      'sequence "public.s": cycle is true in the database, declared false',
    ]);
    assert.deepStrictEqual(objectDrift('sequence "public.s"', "sequence", declared, declared, undefined), []);
  });

  it("a sequence's resource inputs compare like the live catalog", () => {
    const inputs = { connection: "x", kind: "sequence" as const, schema: "public", name: "s", ...declared };
    assert.deepStrictEqual(declaredPart(inputs), declared);
  });

  it("an extension's schema is drift; its version only when declared", () => {
    const live = { schema: "public", version: "1.6" };
    const unpinned = declaredPart({
      connection: "x",
      kind: "extension",
      schema: "public",
      name: "citext",
      version: null,
    });
    assert.deepStrictEqual(objectDrift('extension "citext"', "extension", live, unpinned!, undefined), []);
    const pinned = declaredPart({
      connection: "x",
      kind: "extension",
      schema: "ext",
      name: "citext",
      version: "1.5",
    });
    assert.deepStrictEqual(objectDrift('extension "citext"', "extension", live, pinned!, undefined), [
      'extension "citext": schema is "public" in the database, declared "ext"',
      'extension "citext": version is "1.6" in the database, declared "1.5"',
    ]);
  });

  it("an extension's comment is drift against its own (absent) or the declared one", () => {
    const props = (comment?: string) =>
      declaredPart({
        connection: "x",
        kind: "extension",
        schema: "public",
        name: "citext",
        version: null,
        ...(comment !== undefined ? { comment } : {}),
      })!;
    const own = { schema: "public", version: "1.6" };
    const custom = { ...own, comment: "by hand" };
    assert.deepStrictEqual(objectDrift("x", "extension", own, props(), undefined), []);
    assert.deepStrictEqual(objectDrift("x", "extension", custom, props("by hand"), undefined), []);
    assert.deepStrictEqual(objectDrift("x", "extension", custom, props(), undefined), [
      'x: comment is "by hand" in the database, declared null',
    ]);
    assert.deepStrictEqual(objectDrift("x", "extension", own, props("ours"), undefined), [
      'x: comment is null in the database, declared "ours"',
    ]);
  });
});
