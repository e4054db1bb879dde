import { strict as assert } from "assert";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../../core/sql";
import { redactText as redact, redactUrl, registerSecretsOf } from "../../../core/pg/connection-url";
import { UsageError, parseArgs } from "../../../cli/args";

describe("core/sql quoting", () => {
  const idents: Array<[string, string]> = [
    ["users", "users"],
    ["_x$1", "_x$1"],
    ["Users", '"Users"'],
    ["user", '"user"'],
    ["select", '"select"'],
    ["name", "name"], // unreserved keyword: quote_ident leaves it
    ["my table", '"my table"'],
    ['a"b', '"a""b"'],
    ["1abc", '"1abc"'],
    ["café", '"café"'],
  ];
  for (const [input, expected] of idents)
    it(`quoteIdent(${input}) = ${expected}`, () => assert.equal(quoteIdent(input), expected));
  it("rejects empty identifiers and NUL", () => {
    assert.throws(() => quoteIdent(""));
    assert.throws(() => quoteIdent("a\u0000b"));
  });
  it("qualifies", () => assert.equal(quoteQualified("public", "Order"), 'public."Order"'));
  it("quotes literals like quote_literal", () => {
    assert.equal(quoteLiteral("it's"), "'it''s'");
    assert.equal(quoteLiteral("a\\b"), "E'a\\\\b'");
    assert.equal(quoteLiteral(""), "''");
  });
});

describe("cli redaction and arguments", () => {
  it("hides URL passwords, in URLs and in free text", () => {
    assert.equal(redactUrl("postgres://app:s3cr3t@db:5432/x"), "postgres://app:***@db:5432/x");
    registerSecretsOf("postgres://app:hunter22@db/x");
    assert.equal(
      redact("failed for postgres://app:hunter22@db/x: password hunter22 rejected"),
      "failed for postgres://app:***@db/x: password *** rejected",
    );
  });
  it("parses repeatable options and flags, rejects unknown ones", () => {
    const opts = [
      { name: "schema", value: "NAME", repeatable: true, description: "" },
      { name: "json", description: "" },
    ];
    const p = parseArgs(["--schema", "a", "--schema=b", "--json"], opts);
    assert.deepEqual(p.values.get("schema"), ["a", "b"]);
    assert.ok(p.flags.has("json"));
    assert.throws(() => parseArgs(["--nope"], opts), UsageError);
    assert.throws(() => parseArgs(["--schema"], opts), UsageError);
  });
});
