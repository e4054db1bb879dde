// The lexical guard on declared expressions: everything that could change the DDL around an
// expression is refused, and legitimate expressions (with `;`, `--` or commas inside literals,
// arrays, function calls, dollar quotes) pass.
import * as assert from "assert";
import { expressionProblem } from "../../../core/model/check-expression";

const refused: Array<[string, RegExp]> = [
  ["'a'; drop table t", /;/],
  ["1, drop column c", /comma/],
  ["true) not valid, add check (true", /unbalanced/],
  ["1 --", /comment/],
  ["1 /* x */", /comment/],
  ["lower(name", /unclosed `\(`/],
  ["ARRAY[1, 2", /unclosed `\[`/],
  ["'open", /unterminated string/],
  ['"open', /unterminated quoted identifier/],
  ["$$open", /unterminated dollar/],
  // standard_conforming_strings: the backslash does not escape, so the string ends there
  ["'\\'; drop table t; --'", /;/],
  ["", /empty/],
];

const accepted = [
  "now()",
  "'a;b -- c, d'::text",
  "'it''s'",
  "E'\\\\'",
  "E'\\';'",
  "E'\\'; drop table t; --'", // one E'' literal: the backslash escapes the quote
  "$$x; y$$",
  "$tag$a $$ b;$tag$",
  "ARRAY[1, 2]",
  "coalesce(a, b) > 0",
  '"weird;col" > 0',
  "a$b - -1",
  "price > 0 AND price < 100",
];

describe("adversarial: expression guard (core/model/check-expression)", () => {
  for (const [text, why] of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => assert.match(expressionProblem(text) ?? "accepted", why));
  }
  for (const text of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => assert.strictEqual(expressionProblem(text), null));
  }
});
