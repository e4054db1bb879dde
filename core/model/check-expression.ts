// Declared expressions (defaults, generated columns, checks, index keys and predicates) are pasted
// into DDL as written, so one that is not a single, self-contained expression would change the
// statement around it: `'a'; drop table t` runs a second statement (the simple query protocol
// accepts several), `1, drop column c` adds an ALTER TABLE action, `true) not valid, ...` closes
// the CHECK's parenthesis early, `1 --` comments out the rest of the definition (its NOT NULL).
// This lexical check refuses all of them before anything is rendered or applied: no `;`, no
// comment, no comma outside brackets, balanced brackets and terminated quotes. Inside string
// literals ('...', E'...', $tag$...$) and quoted identifiers anything goes.

import { lexicalUnitAt } from "../sql/lexical";

/** Why `text` is not one self-contained expression, or null when it is. */
export function expressionProblem(text: string): string | null {
  if (text.trim() === "") return "is empty";
  const closing: string[] = [];
  let i = 0;
  while (i < text.length) {
    const unit = lexicalUnitAt(text, i);
    if (unit && (unit.kind === "line-comment" || unit.kind === "block-comment"))
      return "contains an SQL comment, which would hide the rest of the statement";
    if (unit) {
      if ("problem" in unit) return unit.problem;
      i = unit.end;
      continue;
    }
    const ch = text[i];
    if (ch === ";") return "contains `;` outside a string: an expression cannot end the statement";
    if (ch === "(" || ch === "[") closing.push(ch === "(" ? ")" : "]");
    else if (ch === ")" || ch === "]") {
      if (closing.pop() !== ch) return `has an unbalanced \`${ch}\``;
    } else if (ch === "," && closing.length === 0)
      return "contains a comma outside parentheses: it is not a single expression";
    i++;
  }
  if (closing.length) return `has an unclosed \`${closing[closing.length - 1] === ")" ? "(" : "["}\``;
  return null;
}
