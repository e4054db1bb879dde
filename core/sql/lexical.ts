// The lexical units of SQL text that a scanner must step over whole, because what is inside them
// is not code: string literals ('...' with '' doubling, E'...' with backslash escapes),
// quoted identifiers ("..." with "" doubling), dollar-quoted strings ($tag$...$tag$) and comments
// (-- to the end of the line, /* ... */). The scanners that check declared SQL text (expressions,
// routine bodies, view queries) share this one reading of where a unit ends, so they cannot
// disagree about what is quoted.

export type LexicalUnitKind =
  "string" | "quoted-identifier" | "dollar-quote" | "line-comment" | "block-comment";

/** A unit starting at `start`: it ends before `end`, or is unterminated (`problem` says so). */
export type LexicalUnit =
  | { kind: LexicalUnitKind; start: number; end: number; delimiter: string }
  | { kind: LexicalUnitKind; start: number; problem: string; delimiter: string };

export interface LexicalOptions {
  /**
   * Postgres nests block comments (`/* a /* b *\/ c *\/` is one comment); a scanner that must keep
   * an older reading (ending at the first `*\/`) says false.
   */
  nestedBlockComments?: boolean;
}

const identifierChar = /[A-Za-z0-9_$]/;

/**
 * The literal, quoted identifier, dollar-quoted string or comment that starts at `i` of `text`,
 * or null when none starts there (the character is code). A line comment ends before its
 * newline (the newline is code: whitespace).
 */
export function lexicalUnitAt(text: string, i: number, options: LexicalOptions = {}): LexicalUnit | null {
  const at = (k: number) => text[k] ?? "";
  const ch = at(i);
  if (ch === "'") {
    // E'...' strings take backslash escapes; plain ones only ''. The E must be a word of its own.
    const escapes = /[eE]/.test(at(i - 1)) && !identifierChar.test(at(i - 2));
    let j = i + 1;
    for (; j < text.length; j++) {
      if (escapes && text[j] === "\\") j++;
      else if (text[j] === "'") {
        if (at(j + 1) === "'") j++;
        else break;
      }
    }
    if (j >= text.length)
      return { kind: "string", start: i, problem: "has an unterminated string literal", delimiter: "'" };
    return { kind: "string", start: i, end: j + 1, delimiter: "'" };
  }
  if (ch === '"') {
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '"') {
        if (at(j + 1) === '"') j++;
        else break;
      }
    }
    if (j >= text.length)
      return {
        kind: "quoted-identifier",
        start: i,
        problem: "has an unterminated quoted identifier",
        delimiter: '"',
      };
    return { kind: "quoted-identifier", start: i, end: j + 1, delimiter: '"' };
  }
  if (ch === "$" && !identifierChar.test(at(i - 1))) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
    if (!tag) return null;
    const close = text.indexOf(tag[0], i + tag[0].length);
    if (close < 0)
      return {
        kind: "dollar-quote",
        start: i,
        problem: "has an unterminated dollar-quoted string",
        delimiter: tag[0],
      };
    return { kind: "dollar-quote", start: i, end: close + tag[0].length, delimiter: tag[0] };
  }
  if (ch === "-" && at(i + 1) === "-") {
    const close = text.indexOf("\n", i);
    return { kind: "line-comment", start: i, end: close < 0 ? text.length : close, delimiter: "--" };
  }
  if (ch === "/" && at(i + 1) === "*") {
    const unterminated = {
      kind: "block-comment",
      start: i,
      problem: "has an unterminated /* comment",
      delimiter: "/*",
    } as const;
    if (!options.nestedBlockComments) {
      const close = text.indexOf("*/", i + 2);
      return close < 0 ? unterminated : { kind: "block-comment", start: i, end: close + 2, delimiter: "/*" };
    }
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === "/" && at(j + 1) === "*") {
        depth++;
        j++;
      } else if (text[j] === "*" && at(j + 1) === "/") {
        depth--;
        j++;
      }
    }
    return depth > 0 ? unterminated : { kind: "block-comment", start: i, end: j, delimiter: "/*" };
  }
  return null;
}
