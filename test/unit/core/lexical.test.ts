import { strict as assert } from "assert";
import { LexicalOptions, lexicalUnitAt } from "../../../core/sql/lexical";

/** The text of the unit at `i`, or its problem. */
function unit(text: string, i = 0, options?: LexicalOptions): string | null {
  const u = lexicalUnitAt(text, i, options);
  if (!u) return null;
  return "problem" in u ? `problem: ${u.problem}` : `${u.kind} ${text.slice(u.start, u.end)}`;
}

describe("core/sql lexical units", () => {
  it("steps over string literals with '' doubling, and backslash escapes only in E'' strings", () => {
    assert.equal(unit("'it''s' || x"), "string 'it''s'");
    assert.equal(unit("E'a\\'b' x", 1), "string 'a\\'b'");
    assert.equal(unit("e'a\\'b'", 1), "string 'a\\'b'");
    // A plain string ends at the quote after the backslash; `name'...` is not an E string.
    assert.equal(unit("'a\\' x"), "string 'a\\'");
    assert.equal(unit("nE'a\\'b'", 2), "string 'a\\'");
    assert.equal(unit("'open"), "problem: has an unterminated string literal");
    assert.equal(unit("E'open\\'", 1), "problem: has an unterminated string literal");
  });

  it('steps over quoted identifiers with "" doubling', () => {
    assert.equal(unit('"a""b".c'), 'quoted-identifier "a""b"');
    assert.equal(unit('"open'), "problem: has an unterminated quoted identifier");
    assert.equal(unit('"a""'), "problem: has an unterminated quoted identifier");
  });

  it("steps over dollar quotes with or without a tag, but not $1 or a $ inside a word", () => {
    assert.equal(unit("$$a'b$$ x"), "dollar-quote $$a'b$$");
    assert.equal(unit("$t$ $$ $t$"), "dollar-quote $t$ $$ $t$");
    const open = lexicalUnitAt("$x$ open", 0);
    assert.ok(open && "problem" in open);
    assert.equal(open.problem, "has an unterminated dollar-quoted string");
    assert.equal(open.delimiter, "$x$");
    assert.equal(unit("$1 + 2"), null);
    assert.equal(unit("a$b$c$", 1), null);
  });

  it("steps over comments: a line comment ends before its newline; block comments nest when asked", () => {
    assert.equal(unit("-- note\nselect"), "line-comment -- note");
    assert.equal(unit("-- to the end"), "line-comment -- to the end");
    assert.equal(unit("/* a /* b */ c */ d"), "block-comment /* a /* b */");
    assert.equal(
      unit("/* a /* b */ c */ d", 0, { nestedBlockComments: true }),
      "block-comment /* a /* b */ c */",
    );
    assert.equal(unit("/* open"), "problem: has an unterminated /* comment");
    assert.equal(
      unit("/* a /* b */", 0, { nestedBlockComments: true }),
      "problem: has an unterminated /* comment",
    );
  });

  it("is null where code starts", () => {
    for (const [text, i] of [
      ["select 1", 0],
      ["a - b", 2],
      ["a / b", 2],
      ["x", 5],
    ] as const)
      assert.equal(unit(text, i), null, text);
  });
});
