import { quotedKeywords } from "./keywords";

/** Postgres' rule for identifiers that need no quotes: lower-case start, then lower-case, digits, _ or $. */
const plainIdentifier = /^[a-z_][a-z0-9_$]*$/;

/**
 * Quotes an identifier exactly when Postgres' quote_ident() would, so generated DDL reads like
 * hand-written DDL and round-trips through the catalog unchanged.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error("empty identifier");
  if (name.includes("\u0000")) throw new Error("identifier contains a NUL character");
  if (plainIdentifier.test(name) && !quotedKeywords.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** schema.name, each part quoted; the schema is always written so DDL never depends on search_path. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * A string literal for DDL where bind parameters are impossible (COMMENT ON, enum labels).
 * Uses the E'' form only when backslashes are present, like quote_literal(), so the result is correct
 * whatever standard_conforming_strings is set to.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new Error("string literal contains a NUL character");
  const doubled = value.replace(/'/g, "''");
  if (value.includes("\\")) return `E'${doubled.replace(/\\/g, "\\\\")}'`;
  return `'${doubled}'`;
}

/** A comma-separated list of quoted identifiers, e.g. for column lists. */
export function quoteIdentList(names: readonly string[]): string {
  return names.map(quoteIdent).join(", ");
}
