// Sequences: standalone ones (options, owned-by) and the ones behind serial/bigserial/smallserial
// columns. A serial column is pure declaration sugar: it expands into an integer column, NOT NULL,
// defaulting to nextval() of a sequence owned by the column, exactly what Postgres makes of it, so
// a serial declaration and the same objects written out in full are one model (and inspect prints
// the short form back whenever the objects follow the serial convention).
import type { ColumnDeclaration, TableDeclaration } from "./declaration";
import { accessDeclarationKeys, accessToDeclaration, type AccessDeclaration } from "./privilege";
import { ValidationIssue, tableLabel } from "./errors";
import type { SchemaModel, SequenceModel, SequenceType } from "./model";
import { isOutsideScope, type ManagedScope } from "./scope";
import { quoteLiteral, quoteQualified } from "../sql/quote";

export interface SequenceDeclaration extends AccessDeclaration {
  /** smallint, integer or bigint (default bigint, as CREATE SEQUENCE). */
  type?: SequenceType;
  increment?: number | string;
  minValue?: number | string;
  maxValue?: number | string;
  start?: number | string;
  cache?: number | string;
  cycle?: boolean;
  /** The column the sequence belongs to (dropped with it); a table of the same schema. */
  ownedBy?: { table: string; column: string };
  comment?: string;
}

/** The declaration's keys (for the spec's misspelt-key check; resources carry the same properties). */
export const sequenceDeclarationKeys = [
  "type",
  "increment",
  "minValue",
  "maxValue",
  "start",
  "cache",
  "cycle",
  "ownedBy",
  "comment",
  ...accessDeclarationKeys,
];

export const sequenceTypes: readonly SequenceType[] = ["smallint", "integer", "bigint"];

const typeRange: Record<SequenceType, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** serial spellings -> the integer type of the column and its sequence. */
export const serialTypes: Record<string, SequenceType> = {
  smallserial: "smallint",
  serial2: "smallint",
  serial: "integer",
  serial4: "integer",
  bigserial: "bigint",
  serial8: "bigint",
};

const serialNameOf: Record<SequenceType, string> = {
  smallint: "smallserial",
  integer: "serial",
  bigint: "bigserial",
};

export const sequenceLabel = (schema: string, name: string) =>
  schema === "public" ? `sequence "${name}"` : `sequence "${schema}.${name}"`;

/**
 * Postgres' makeObjectName(): `<name1>_<name2>_<label>` cut to 63 bytes by shortening the longer
 * of the two names first, so a declared serial gets the name Postgres itself would choose.
 */
export function serialSequenceName(table: string, column: string): string {
  const label = "seq";
  const budget = 63 - (label.length + 1) - (column.length ? 1 : 0);
  let t = Buffer.from(table, "utf8");
  let c = Buffer.from(column, "utf8");
  let tLen = t.length;
  let cLen = c.length;
  while (tLen + cLen > budget) {
    if (tLen > cLen) tLen--;
    else cLen--;
  }
  const clip = (b: Buffer, len: number) => {
    // never cut a multibyte character in half
    while (len > 0 && len < b.length && (b[len] & 0xc0) === 0x80) len--;
    return b.subarray(0, len).toString("utf8");
  };
  t = Buffer.from(clip(t, tLen));
  c = Buffer.from(clip(c, cLen));
  return `${t.toString("utf8")}_${c.toString("utf8")}_${label}`;
}

/** The default Postgres stores for a serial column, as pg_get_expr prints it with an empty search_path. */
export function nextvalDefault(schema: string, sequence: string): string {
  return `nextval(${quoteLiteral(quoteQualified(schema, sequence))}::regclass)`;
}

function parseBig(value: number | string | undefined, what: string, report: (m: string) => void) {
  if (value === undefined) return undefined;
  const text = typeof value === "number" ? (Number.isInteger(value) ? String(value) : "x") : value.trim();
  if (!/^-?\d+$/.test(text)) {
    report(`${what} must be a whole number, not ${JSON.stringify(value)}`);
    return undefined;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value))
    report(`${what} ${value} is beyond JavaScript's exact integers: write it as a string`);
  return BigInt(text);
}

/** Declaration -> model with every option resolved as CREATE SEQUENCE would (so comparisons are exact). */
export function sequenceFromDeclaration(
  schema: string,
  name: string,
  decl: SequenceDeclaration,
  issues: ValidationIssue[],
): SequenceModel {
  const path = sequenceLabel(schema, name);
  const report = (message: string) => issues.push({ path, message });
  const type = decl.type ?? "bigint";
  if (!sequenceTypes.includes(type))
    report(`type must be smallint, integer or bigint, not ${JSON.stringify(type)}`);
  const [lo, hi] = typeRange[sequenceTypes.includes(type) ? type : "bigint"];
  const increment = parseBig(decl.increment, "increment", report) ?? 1n;
  if (increment === 0n) report("increment must not be zero");
  const minValue = parseBig(decl.minValue, "minValue", report) ?? (increment > 0n ? 1n : lo);
  const maxValue = parseBig(decl.maxValue, "maxValue", report) ?? (increment > 0n ? hi : -1n);
  const start = parseBig(decl.start, "start", report) ?? (increment > 0n ? minValue : maxValue);
  const cache = parseBig(decl.cache, "cache", report) ?? 1n;
  if (minValue < lo || maxValue > hi) report(`minValue and maxValue must fit type ${type} (${lo}..${hi})`);
  if (minValue >= maxValue) report(`minValue (${minValue}) must be less than maxValue (${maxValue})`);
  if (start < minValue || start > maxValue)
    report(`start (${start}) must be between minValue (${minValue}) and maxValue (${maxValue})`);
  if (cache < 1n) report(`cache must be at least 1, not ${cache}`);
  if (decl.cycle !== undefined && typeof decl.cycle !== "boolean") report("cycle must be a boolean");
  if (
    decl.ownedBy !== undefined &&
    (typeof decl.ownedBy !== "object" ||
      decl.ownedBy === null ||
      typeof decl.ownedBy.table !== "string" ||
      typeof decl.ownedBy.column !== "string")
  )
    report('ownedBy must be { table: "...", column: "..." }');
  return {
    schema,
    name,
    type,
    increment: String(increment),
    minValue: String(minValue),
    maxValue: String(maxValue),
    start: String(start),
    cache: String(cache),
    cycle: decl.cycle ?? false,
    ownedBy: decl.ownedBy ? { table: decl.ownedBy.table, column: decl.ownedBy.column } : null,
    comment: decl.comment ?? null,
  };
}

/** Model -> declaration: only what differs from CREATE SEQUENCE's defaults. */
export function sequenceToDeclaration(s: SequenceModel): SequenceDeclaration {
  const d = sequenceFromDeclaration(s.schema, s.name, { type: s.type }, []);
  const num = (v: string) => (Number.isSafeInteger(Number(v)) ? Number(v) : v);
  const incrementDefaults = s.increment === d.increment;
  const sameSign = BigInt(s.increment) > 0n === BigInt(d.increment) > 0n;
  const defaultsFor = sameSign
    ? d
    : sequenceFromDeclaration(s.schema, s.name, { type: s.type, increment: s.increment }, []);
  return {
    ...(s.type !== "bigint" ? { type: s.type } : {}),
    ...(!incrementDefaults ? { increment: num(s.increment) } : {}),
    ...(s.minValue !== defaultsFor.minValue ? { minValue: num(s.minValue) } : {}),
    ...(s.maxValue !== defaultsFor.maxValue ? { maxValue: num(s.maxValue) } : {}),
    ...(s.start !== (BigInt(s.increment) > 0n ? s.minValue : s.maxValue) ? { start: num(s.start) } : {}),
    ...(s.cache !== "1" ? { cache: num(s.cache) } : {}),
    ...(s.cycle ? { cycle: true } : {}),
    ...(s.ownedBy ? { ownedBy: { ...s.ownedBy } } : {}),
    ...(s.comment !== null ? { comment: s.comment } : {}),
    ...accessToDeclaration("sequence", s),
  };
}

/**
 * serial columns of one table declaration -> the table with plain integer columns (NOT NULL,
 * nextval default) plus the sequences they own. Conflicting properties are reported, not guessed.
 */
export function expandSerialColumns(
  schema: string,
  table: string,
  decl: TableDeclaration,
  issues: ValidationIssue[],
): { table: TableDeclaration; sequences: SequenceModel[] } {
  const sequences: SequenceModel[] = [];
  let columns: Record<string, ColumnDeclaration> | undefined;
  for (const [name, c] of Object.entries(decl.columns ?? {})) {
    const type = typeof c?.type === "string" ? serialTypes[c.type.trim().toLowerCase()] : undefined;
    if (!type) continue;
    const path = `${tableLabel(schema, table)}, column "${name}"`;
    const sequence = serialSequenceName(table, name);
    const nextval = nextvalDefault(schema, sequence);
    if (c.default !== undefined)
      issues.push({
        path,
        message: `a ${c.type} column cannot also declare a default (${JSON.stringify(c.default)}): its default is ${nextval}; declare type ${type} with that default, or drop one of them`,
      });
    if (c.identity !== undefined)
      issues.push({ path, message: `a ${c.type} column cannot also be an identity column` });
    if (c.generated !== undefined)
      issues.push({ path, message: `a ${c.type} column cannot also be generated` });
    if (c.nullable === true)
      issues.push({ path, message: `a ${c.type} column is NOT NULL; remove nullable: true` });
    columns ??= { ...decl.columns };
    const { identity: _identity, generated: _generated, ...rest } = c;
    columns[name] = { ...rest, type, nullable: false, default: nextval };
    sequences.push({
      ...sequenceFromDeclaration(schema, sequence, { type }, issues),
      ownedBy: { table, column: name },
    });
  }
  return { table: columns ? { ...decl, columns } : decl, sequences };
}

/** Does this column follow the serial convention (so inspect may print `type: "serial"`)? */
export function serialOf(
  schema: string,
  table: string,
  column: {
    name: string;
    type: string;
    default: string | null;
    nullable: boolean;
    identity: unknown;
    generated: unknown;
  },
  sequences: readonly SequenceModel[],
): { type: string; sequence: SequenceModel } | null {
  if (column.nullable || column.identity !== null || column.generated !== null) return null;
  if (!sequenceTypes.includes(column.type as SequenceType)) return null;
  const name = serialSequenceName(table, column.name);
  if (column.default !== nextvalDefault(schema, name)) return null;
  const s = sequences.find((x) => x.schema === schema && x.name === name);
  if (!s || s.ownedBy?.table !== table || s.ownedBy.column !== column.name || s.comment !== null) return null;
  const canonical = { ...sequenceFromDeclaration(schema, name, { type: s.type }, []), ownedBy: s.ownedBy };
  // Its grants (by reference) are no part of the serial shape; an owner cannot differ from the table's.
  const { owner: _owner, grants: _grants, ...shape } = s;
  if (s.type !== column.type || JSON.stringify(canonical) !== JSON.stringify(shape)) return null;
  return { type: serialNameOf[s.type], sequence: s };
}

/** Cross-object rules of sequences (names, owners); relation-name clashes are checked with tables. */
export function validateSequences(model: SchemaModel, scope: ManagedScope | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const schemas = new Set(model.schemas);
  for (const s of model.sequences ?? []) {
    const path = sequenceLabel(s.schema, s.name);
    if (!schemas.has(s.schema)) issues.push({ path, message: `schema "${s.schema}" is not declared` });
    if (s.name.length === 0) issues.push({ path, message: "empty sequence name" });
    if (Buffer.byteLength(s.name) > 63)
      issues.push({ path, message: `sequence name "${s.name}" is over Postgres' limit of 63 bytes` });
    if (!s.ownedBy) continue;
    const t = model.tables.find((x) => x.schema === s.schema && x.name === s.ownedBy!.table);
    if (!t) {
      if (!isOutsideScope(scope, s.schema, s.ownedBy.table))
        issues.push({
          path,
          message: `ownedBy: table "${s.ownedBy.table}" is not declared in schema "${s.schema}" (a sequence belongs to a table of its own schema)`,
        });
    } else if (!t.columns.some((c) => c.name === s.ownedBy!.column)) {
      issues.push({ path, message: `ownedBy: table "${t.name}" has no column "${s.ownedBy.column}"` });
    }
  }
  return issues;
}
