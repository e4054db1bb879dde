// Declared expressions (defaults, generated columns, checks, index keys and predicates) are pasted
// into DDL as written, so one that is not a single, self-contained expression would change the
// statement around it: `'a'; drop table t` runs a second statement (the simple query protocol
// accepts several), `1, drop column c` adds an ALTER TABLE action, `true) not valid, ...` closes
// the CHECK's parenthesis early, `1 --` comments out the rest of the definition (its NOT NULL).
// This lexical check refuses all of them before anything is rendered or applied: no `;`, no
// comment, no comma outside brackets, balanced brackets and terminated quotes. Inside string
// literals ('...', E'...', $tag$...$) and quoted identifiers anything goes.

/** Why `text` is not one self-contained expression, or null when it is. */
export function expressionProblem(text: string): string | null {
  if (text.trim() === "") return "is empty";
  const closing: string[] = [];
  let i = 0;
  const at = (k: number) => text[k] ?? "";
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'") {
      // E'...' strings take backslash escapes; plain ones only ''.
      const escapes = /[eE]/.test(at(i - 1)) && !/[A-Za-z0-9_$]/.test(at(i - 2));
      let j = i + 1;
      for (; j < text.length; j++) {
        if (escapes && text[j] === "\\") j++;
        else if (text[j] === "'") {
          if (at(j + 1) === "'") j++;
          else break;
        }
      }
      if (j >= text.length) return "has an unterminated string literal";
      i = j + 1;
      continue;
    }
    if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return "has an unterminated quoted identifier";
      i = end + 1;
      continue;
    }
    if (ch === "$" && !/[A-Za-z0-9_$]/.test(at(i - 1))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return "has an unterminated dollar-quoted string";
        i = end + tag[0].length;
        continue;
      }
    }
    if (ch === ";") return "contains `;` outside a string: an expression cannot end the statement";
    if ((ch === "-" && at(i + 1) === "-") || (ch === "/" && at(i + 1) === "*"))
      return "contains an SQL comment, which would hide the rest of the statement";
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
