// Type normalisation: every spelling Postgres accepts for a supported type maps to the text
// format_type() prints (with an empty search_path), so declared and introspected types compare equal.
import { quoteQualified } from "../sql/quote";

export type TypeResolution = { ok: true; type: string } | { ok: false; reason: string };

/**
 * Resolves a user type name (enum, domain, composite, extension type) to its schema; returns
 * undefined when unknown. `qualified` says whether the declaration wrote the schema itself (a
 * caller may pass its own schema for an unqualified name).
 */
export type UserTypeResolver = (
  schema: string | null,
  name: string,
  qualified?: boolean,
) => { schema: string; name: string } | undefined;

/** `resolve` for names declared in `schema`: an unqualified name is looked up there. */
export function resolveIn(resolve: UserTypeResolver, schema: string): UserTypeResolver {
  return (s, n) => resolve(s ?? schema, n, s !== null);
}

/** Built-in types without modifiers, alias -> canonical name. */
const simpleTypes: Record<string, string> = {
  smallint: "smallint",
  int2: "smallint",
  integer: "integer",
  int: "integer",
  int4: "integer",
  bigint: "bigint",
  int8: "bigint",
  real: "real",
  float4: "real",
  "double precision": "double precision",
  float8: "double precision",
  float: "double precision",
  boolean: "boolean",
  bool: "boolean",
  text: "text",
  date: "date",
  uuid: "uuid",
  json: "json",
  jsonb: "jsonb",
  bytea: "bytea",
  inet: "inet",
  cidr: "cidr",
  macaddr: "macaddr",
  macaddr8: "macaddr8",
  money: "money",
  xml: "xml",
  tsvector: "tsvector",
  tsquery: "tsquery",
  point: "point",
  line: "line",
  lseg: "lseg",
  box: "box",
  path: "path",
  polygon: "polygon",
  circle: "circle",
  int4range: "int4range",
  int8range: "int8range",
  numrange: "numrange",
  tsrange: "tsrange",
  tstzrange: "tstzrange",
  daterange: "daterange",
  oid: "oid",
};

const serialTypes = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

/** Parses "(a)" or "(a,b)" modifiers into integers. */
function parseModifiers(text: string | undefined): number[] | null {
  if (text === undefined) return [];
  const inner = text.replace(/^\(|\)$/g, "").trim();
  if (inner === "") return null;
  const parts = inner.split(",").map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map((p) => Number(p));
}

function normaliseBase(base: string, mods: number[], raw: string): TypeResolution {
  const fail = (reason: string): TypeResolution => ({ ok: false, reason });
  const noMods = (name: string): TypeResolution =>
    mods.length === 0 ? { ok: true, type: name } : fail(`type "${raw}" takes no modifiers`);
  if (serialTypes.has(base)) {
    // A plain serial column is expanded before types are normalised (core/model/sequence.ts).
    return fail(`type "${raw}": serial types cannot be arrays or take modifiers`);
  }
  if (base === "float" && mods.length === 1) {
    if (mods[0] < 1 || mods[0] > 53) return fail(`type "${raw}": float precision must be 1..53`);
    return { ok: true, type: mods[0] <= 24 ? "real" : "double precision" };
  }
  if (base in simpleTypes) return noMods(simpleTypes[base]);
  switch (base) {
    case "numeric":
    case "decimal":
      if (mods.length === 0) return { ok: true, type: "numeric" };
      if (mods.length > 2) return fail(`type "${raw}": numeric takes (precision[, scale])`);
      if (mods[0] < 1 || mods[0] > 1000) return fail(`type "${raw}": numeric precision must be 1..1000`);
      if ((mods[1] ?? 0) > mods[0]) return fail(`type "${raw}": numeric scale exceeds precision`);
      return { ok: true, type: `numeric(${mods[0]},${mods[1] ?? 0})` };
    case "varchar":
    case "character varying":
      if (mods.length > 1) return fail(`type "${raw}" takes one length`);
      if (mods.length === 1 && mods[0] < 1) return fail(`type "${raw}": length must be at least 1`);
      return { ok: true, type: mods.length ? `character varying(${mods[0]})` : "character varying" };
    case "char":
    case "character":
    case "bpchar":
      if (mods.length > 1) return fail(`type "${raw}" takes one length`);
      if (mods.length === 1 && mods[0] < 1) return fail(`type "${raw}": length must be at least 1`);
      return { ok: true, type: `character(${mods[0] ?? 1})` };
    case "bit":
      if (mods.length > 1) return fail(`type "${raw}" takes one length`);
      return { ok: true, type: `bit(${mods[0] ?? 1})` };
    case "varbit":
    case "bit varying":
      if (mods.length > 1) return fail(`type "${raw}" takes one length`);
      return { ok: true, type: mods.length ? `bit varying(${mods[0]})` : "bit varying" };
    case "interval":
      if (mods.length > 1 || (mods[0] ?? 0) > 6)
        return fail(`type "${raw}": interval precision must be 0..6`);
      return { ok: true, type: mods.length ? `interval(${mods[0]})` : "interval" };
  }
  const time = /^(time|timestamp)(tz)?(?: (with|without) time zone)?$/.exec(base);
  if (time) {
    if (time[2] && time[3]) return fail(`unknown type "${raw}"`);
    if (mods.length > 1 || (mods[0] ?? 0) > 6) return fail(`type "${raw}": precision must be 0..6`);
    const zone = time[2] || time[3] === "with" ? "with time zone" : "without time zone";
    const precision = mods.length ? `(${mods[0]})` : "";
    return { ok: true, type: `${time[1]}${precision} ${zone}` };
  }
  return fail(`unknown type "${raw}"`);
}

/** Splits `foo(1,2) with time zone` style spellings into base name + modifiers. */
function splitModifiers(text: string): { base: string; mods: string | undefined } {
  const m = /^([a-z0-9_ ]+?)\s*(\([^)]*\))?(\s+(?:with|without) time zone)?$/.exec(text);
  if (!m) return { base: text, mods: undefined };
  return { base: (m[1] + (m[3] ?? "")).replace(/\s+/g, " ").trim(), mods: m[2] };
}

/** Splits a possibly quoted, possibly qualified name: `"My Schema".mood` -> ["My Schema", "mood"]. */
function splitQualifiedName(text: string): string[] | null {
  const parts: string[] = [];
  let rest = text;
  while (rest.length) {
    let part: string;
    if (rest.startsWith('"')) {
      const m = /^"((?:[^"]|"")+)"/.exec(rest);
      if (!m) return null;
      part = m[1].replace(/""/g, '"');
      rest = rest.slice(m[0].length);
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest);
      if (!m) return null;
      part = m[0].toLowerCase();
      rest = rest.slice(m[0].length);
    }
    parts.push(part);
    if (rest.startsWith(".")) rest = rest.slice(1);
    else if (rest.length) return null;
  }
  return parts.length >= 1 && parts.length <= 2 ? parts : null;
}

/**
 * Normalises a declared type. Arrays keep one "[]" like format_type (Postgres ignores declared
 * dimensions). User types (enums) are resolved through `resolveUserType` and printed schema-qualified.
 */
export function normalizeType(
  raw: string,
  resolveUserType: UserTypeResolver = () => undefined,
): TypeResolution {
  let text = raw.trim();
  let isArray = false;
  const arraySuffix = /\s*(\[\s*\d*\s*\]|\s+array(\s*\[\s*\d*\s*\])?)$/i;
  while (arraySuffix.test(text)) {
    isArray = true;
    text = text.replace(arraySuffix, "");
  }
  if (text === "") return { ok: false, reason: `unknown type "${raw}"` };
  const suffix = isArray ? "[]" : "";
  if (text.includes('"') || /^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_"]/.test(text)) {
    const parts = splitQualifiedName(text);
    if (!parts) return { ok: false, reason: `unknown type "${raw}"` };
    if (parts.length === 2 && parts[0] === "pg_catalog") {
      return normalizeType(parts[1] + suffix, resolveUserType);
    }
    const found = resolveUserType(parts.length === 2 ? parts[0] : null, parts[parts.length - 1]);
    return found
      ? { ok: true, type: quoteQualified(found.schema, found.name) + suffix }
      : { ok: false, reason: `unknown type "${raw}"` };
  }
  const lowered = text.toLowerCase().replace(/\s+/g, " ");
  const { base, mods } = splitModifiers(lowered);
  const parsedMods = parseModifiers(mods);
  if (parsedMods === null) return { ok: false, reason: `type "${raw}": invalid modifiers` };
  const builtin = normaliseBase(base, parsedMods, raw);
  if (builtin.ok) return { ok: true, type: builtin.type + suffix };
  if (builtin.reason !== `unknown type "${raw}"`) return builtin;
  if (mods === undefined && /^[a-z_][a-z0-9_$]*$/.test(base)) {
    const found = resolveUserType(null, base);
    if (found) return { ok: true, type: quoteQualified(found.schema, found.name) + suffix };
  }
  return builtin;
}

/** Integer types an identity column may use. */
export function isIntegerType(type: string): boolean {
  return type === "smallint" || type === "integer" || type === "bigint";
}
