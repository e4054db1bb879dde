/**
 * Whitespace-normalises an SQL expression outside quoted strings and identifiers, so a default or
 * check written across lines compares equal to the one-line text Postgres prints. Semantic
 * normalisation (casts Postgres adds, parentheses) comes from the server: `schemastack plan` renders
 * JSON specs in a scratch database first (see core/introspect/render-desired.ts).
 */
export function normalizeExpression(expression: string): string {
  let out = "";
  let quote: string | null = null;
  let pendingSpace = false;
  for (const ch of expression.trim()) {
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (/\s/.test(ch)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && out.length) out += " ";
    pendingSpace = false;
    if (ch === "'" || ch === '"') quote = ch;
    out += ch;
  }
  return out;
}
