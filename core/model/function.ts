// Functions and procedures: the model, the declaration, declaration -> model, validation, the
// object key (as the catalog's dependency query names it) and how bodies compare.
//
// A body is kept exactly as declared (Postgres stores a string body verbatim in prosrc), and
// compared through `comparableBody`: whitespace runs collapsed outside string literals, quoted
// identifiers and comments, so re-indenting a body is neither a change nor drift.
import {
  accessDeclarationKeys,
  accessToDeclaration,
  type AccessDeclaration,
  type ObjectAccess,
} from "./privilege";
import type { ValidationIssue } from "./errors";
import { normalizeExpression } from "./normalize-expression";
import { UserTypeResolver, normalizeType, resolveIn } from "./normalize-type";
import { lexicalUnitAt } from "../sql/lexical";
import { quoteIdent } from "../sql/quote";

export type FunctionKind = "function" | "procedure";
export type ArgumentMode = "in" | "out" | "inout" | "variadic";
export type Volatility = "volatile" | "stable" | "immutable";
export type ParallelSafety = "unsafe" | "restricted" | "safe";

export interface FunctionArgument {
  /** null for an unnamed argument. */
  name: string | null;
  /** As format_type() prints it with an empty search_path. */
  type: string;
  mode: ArgumentMode;
  /** Default expression as Postgres prints it, or null. */
  default: string | null;
}

export interface FunctionModel extends ObjectAccess {
  schema: string;
  name: string;
  kind: FunctionKind;
  /** Every argument except a RETURNS TABLE(...) column, in order. */
  arguments: FunctionArgument[];
  /** As pg_get_function_result() prints it (`integer`, `SETOF public.users`, `TABLE(a integer)`); null for procedures. */
  returns: string | null;
  language: string;
  /** The body between the quotes, exactly as declared (Postgres' prosrc). */
  body: string;
  volatility: Volatility;
  strict: boolean;
  securityDefiner: boolean;
  parallel: ParallelSafety;
  /** `SET search_path = ...` of the function, schema names in order; null when not set. */
  searchPath: string[] | null;
  comment: string | null;
}

export interface FunctionArgumentDeclaration {
  name?: string;
  type: string;
  /** Default "in". */
  mode?: ArgumentMode;
  default?: string;
}

export interface FunctionDeclaration extends AccessDeclaration {
  /** Ordered arguments; default none. */
  arguments?: FunctionArgumentDeclaration[];
  /** Return type, e.g. "integer", "trigger", "setof public.users", "TABLE(id bigint, email text)". Functions only. */
  returns?: string;
  /** "sql" or "plpgsql". */
  language: string;
  /** The body without its quotes, e.g. `begin new.updated_at := now(); return new; end`. */
  body: string;
  /** Default "volatile". */
  volatility?: Volatility;
  strict?: boolean;
  securityDefiner?: boolean;
  /** Default "unsafe". */
  parallel?: ParallelSafety;
  /** `SET search_path` for the function, e.g. ["public", "pg_temp"]. */
  searchPath?: string[];
  comment?: string;
}

/** Procedures take the same declaration without `returns`, `volatility`, `strict` and `parallel`. */
export type ProcedureDeclaration = Omit<
  FunctionDeclaration,
  "returns" | "volatility" | "strict" | "parallel"
>;

export const supportedLanguages = ["sql", "plpgsql"];

export function functionLabel(f: { schema: string; name: string; kind: FunctionKind }): string {
  return f.schema === "public" ? `${f.kind} "${f.name}"` : `${f.kind} "${f.schema}.${f.name}"`;
}

/** What pg_get_function_identity_arguments() prints: the arguments that identify the function. */
export function identityArguments(f: Pick<FunctionModel, "kind" | "arguments">): string {
  return f.arguments
    .map((a) => {
      // Procedures spell IN out (Postgres 14+); functions leave it implicit.
      const mode = a.mode === "in" ? (f.kind === "procedure" ? "IN " : "") : `${a.mode.toUpperCase()} `;
      return `${mode}${a.name ? `${quoteIdent(a.name)} ` : ""}${a.type}`;
    })
    .join(", ");
}

/** The object key, as the live dependency query names a pg_proc row: `function:schema.name(args)`. */
export function functionKey(f: Pick<FunctionModel, "schema" | "name" | "kind" | "arguments">): string {
  return `function:${f.schema}.${f.name}(${identityArguments(f)})`;
}

/**
 * Calls a lexer for SQL text: `onCode(i)` for each character outside literals, quoted identifiers
 * and comments; returns a problem (unterminated literal or comment) or null.
 */
function scanSql(
  text: string,
  onCode: (i: number) => void,
  onSkipped?: (from: number, to: number) => void,
): string | null {
  let i = 0;
  while (i < text.length) {
    const unit = lexicalUnitAt(text, i);
    if (unit) {
      // The wording of an unterminated dollar quote names its tag (tests and README pin it).
      if ("problem" in unit)
        return unit.kind === "dollar-quote"
          ? `has an unterminated dollar quote ${unit.delimiter}`
          : unit.problem;
      onSkipped?.(i, unit.end);
      i = unit.end;
      continue;
    }
    onCode(i);
    i++;
  }
  return null;
}

/**
 * A body's problem as text of its own language, or null: a body with an unterminated literal,
 * dollar quote or comment is one that tries to close the quotes around it (`select 1 $$; drop
 * table users; --`). Bodies are always quoted with a tag they do not contain, so nothing can
 * escape; this names the mistake before anything runs.
 */
export function bodyProblem(body: string): string | null {
  if (body.trim() === "") return "is empty";
  if (body.includes("\u0000")) return "contains a NUL character";
  const problem = scanSql(body, () => undefined);
  return problem ? `${problem}: a body cannot close the quotes around it` : null;
}

/**
 * The body as compared: whitespace runs outside literals, quoted identifiers and comments collapse
 * to one space (the body's meaning does not change; a `--` comment keeps its own text).
 */
export function comparableBody(body: string): string {
  let out = "";
  let space = false;
  const emit = (s: string) => {
    if (space && out !== "") out += " ";
    space = false;
    out += s;
  };
  const problem = scanSql(
    body,
    (i) => {
      const ch = body[i];
      if (/\s/.test(ch)) space = true;
      else emit(ch);
    },
    (from, to) => emit(body.slice(from, to).trimEnd()),
  );
  return problem ? body.trim() : out;
}

/** A dollar-quoted literal of `body` with a tag the body does not contain. */
export function dollarQuote(body: string): string {
  let tag = "$body$";
  for (let n = 1; body.includes(tag); n++) tag = `$body${n}$`;
  return `${tag}${body}${tag}`;
}

/** Types in function signatures: any type Postgres knows, normalised where we know the spelling. */
function signatureType(raw: string, schema: string, resolve: UserTypeResolver): string {
  const text = raw.trim();
  const setof = /^setof\s+(.+)$/is.exec(text);
  if (setof) return `SETOF ${signatureType(setof[1], schema, resolve)}`;
  if (/^table\s*\(/i.test(text)) return `TABLE${text.slice(text.indexOf("("))}`;
  const t = normalizeType(text, resolveIn(resolve, schema));
  return t.ok ? t.type : text;
}

/** The declared result; without one, what OUT arguments make it (one: its type; more: record), else void. */
function declaredReturns(decl: FunctionDeclaration, schema: string, resolve: UserTypeResolver): string {
  if (decl.returns !== undefined) return signatureType(decl.returns, schema, resolve);
  const out = (Array.isArray(decl.arguments) ? decl.arguments : []).filter(
    (a) => a.mode === "out" || a.mode === "inout",
  );
  if (out.length === 1 && typeof out[0].type === "string") return signatureType(out[0].type, schema, resolve);
  return out.length ? "record" : "void";
}

const modes: ArgumentMode[] = ["in", "out", "inout", "variadic"];
const volatilities: Volatility[] = ["volatile", "stable", "immutable"];
const parallels: ParallelSafety[] = ["unsafe", "restricted", "safe"];

/** A function or procedure declaration -> model; problems go to `issues`, paths naming the object. */
export function functionFromDeclaration(
  schema: string,
  name: string,
  kind: FunctionKind,
  decl: FunctionDeclaration,
  resolve: UserTypeResolver,
  issues: ValidationIssue[],
): FunctionModel {
  const path = functionLabel({ schema, name, kind });
  const report = (message: string) => issues.push({ path, message });
  const args = Array.isArray(decl.arguments) ? decl.arguments : [];
  if (decl.arguments !== undefined && !Array.isArray(decl.arguments)) report("arguments must be a list");
  const model: FunctionModel = {
    schema,
    name,
    kind,
    arguments: args.map((a, i) => {
      if (a.mode !== undefined && !modes.includes(a.mode))
        report(`argument ${i + 1}: mode must be ${modes.join(", ")}, not "${String(a.mode)}"`);
      if (typeof a.type !== "string" || a.type.trim() === "")
        report(`argument ${i + 1}: type must be a string`);
      return {
        name: a.name ?? null,
        type: typeof a.type === "string" ? signatureType(a.type, schema, resolve) : "",
        mode: a.mode ?? "in",
        default: a.default === undefined ? null : normalizeExpression(a.default),
      };
    }),
    returns: kind === "procedure" ? null : declaredReturns(decl, schema, resolve),
    language: typeof decl.language === "string" ? decl.language.toLowerCase() : "",
    body: typeof decl.body === "string" ? decl.body : "",
    volatility: decl.volatility ?? "volatile",
    strict: decl.strict ?? false,
    securityDefiner: decl.securityDefiner ?? false,
    parallel: decl.parallel ?? "unsafe",
    searchPath: decl.searchPath ? [...decl.searchPath] : null,
    comment: decl.comment ?? null,
  };
  if (kind === "procedure" && decl.returns !== undefined)
    report("a procedure returns nothing: use a function, or OUT/INOUT arguments");
  if (!supportedLanguages.includes(model.language))
    report(`language must be ${supportedLanguages.join(" or ")}, not "${String(decl.language)}"`);
  if (typeof decl.body !== "string") report("body must be a string");
  else {
    const problem = bodyProblem(decl.body);
    if (problem) report(`body ${problem}`);
  }
  if (!volatilities.includes(model.volatility))
    report(`volatility must be ${volatilities.join(", ")}, not "${String(decl.volatility)}"`);
  if (!parallels.includes(model.parallel))
    report(`parallel must be ${parallels.join(", ")}, not "${String(decl.parallel)}"`);
  if (
    decl.searchPath !== undefined &&
    (!Array.isArray(decl.searchPath) || decl.searchPath.some((s) => typeof s !== "string" || s === ""))
  )
    report("searchPath must be a list of schema names");
  return model;
}

/** Model-level rules of one function (names, defaults): the cross-object ones live in validate.ts. */
export function functionIssues(
  f: FunctionModel,
  expressionProblem: (text: string) => string | null,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const path = functionLabel(f);
  const names = new Set<string>();
  let sawDefault = false;
  f.arguments.forEach((a, i) => {
    const where = `argument ${a.name ?? i + 1}`;
    if (a.name !== null) {
      if (names.has(a.name)) issues.push({ path, message: `duplicate argument name "${a.name}"` });
      names.add(a.name);
    }
    if (a.default !== null) {
      const problem = expressionProblem(a.default);
      if (problem)
        issues.push({ path, message: `${where}: default ${JSON.stringify(a.default)} ${problem}` });
      if (a.mode === "out") issues.push({ path, message: `${where}: an OUT argument cannot have a default` });
      sawDefault = true;
    } else if (sawDefault && a.mode !== "out") {
      issues.push({ path, message: `${where}: arguments after one with a default must have defaults too` });
    }
  });
  return issues;
}

/** Same definition (what CREATE OR REPLACE or a re-create would change), comment and access control aside. */
export function sameFunctionDefinition(a: FunctionModel, b: FunctionModel): boolean {
  const { comment: _a, body: bodyA, owner: _oa, grants: _ga, ...restA } = a;
  const { comment: _b, body: bodyB, owner: _ob, grants: _gb, ...restB } = b;
  return (
    comparableBody(bodyA) === comparableBody(bodyB) &&
    JSON.stringify(sortedKeys(restA)) === JSON.stringify(sortedKeys(restB))
  );
}

function sortedKeys(o: object): unknown {
  return JSON.parse(
    JSON.stringify(o, (_k, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]]),
          )
        : v,
    ),
  );
}

/**
 * CREATE OR REPLACE keeps the OID (and what depends on it) but cannot change the result type,
 * rename input arguments, remove a default, or turn a function into a procedure.
 */
export function replaceableInPlace(live: FunctionModel, desired: FunctionModel): boolean {
  if (live.kind !== desired.kind || live.returns !== desired.returns) return false;
  if (live.arguments.length !== desired.arguments.length) return false;
  return live.arguments.every((l, i) => {
    const d = desired.arguments[i];
    if (l.mode !== d.mode || l.type !== d.type) return false;
    // Renaming an input argument is refused; an OUT one changes the result's row type.
    if ((l.name ?? "") !== (d.name ?? "")) return false;
    return !(l.default !== null && d.default === null);
  });
}

/** The canonical form (fingerprint, comparisons): the body as compared. */
export function canonicalFunction(f: FunctionModel): FunctionModel {
  return { ...structuredClone(f), body: comparableBody(f.body) };
}

/** Model -> declaration (what `inspect` prints): only what differs from the defaults. */
export function functionToDeclaration(f: FunctionModel): FunctionDeclaration {
  return {
    ...(f.arguments.length
      ? {
          arguments: f.arguments.map((a) => ({
            ...(a.name !== null ? { name: a.name } : {}),
            type: a.type,
            ...(a.mode !== "in" ? { mode: a.mode } : {}),
            ...(a.default !== null ? { default: a.default } : {}),
          })),
        }
      : {}),
    ...(f.kind === "function" && f.returns !== null ? { returns: f.returns } : {}),
    language: f.language,
    body: f.body,
    ...(f.kind === "function" && f.volatility !== "volatile" ? { volatility: f.volatility } : {}),
    ...(f.kind === "function" && f.strict ? { strict: true } : {}),
    ...(f.securityDefiner ? { securityDefiner: true } : {}),
    ...(f.kind === "function" && f.parallel !== "unsafe" ? { parallel: f.parallel } : {}),
    ...(f.searchPath !== null ? { searchPath: [...f.searchPath] } : {}),
    ...(f.comment !== null ? { comment: f.comment } : {}),
    ...accessToDeclaration("function", f),
  };
}

export const functionDeclarationKeys = [
  "arguments",
  "returns",
  "language",
  "body",
  "volatility",
  "strict",
  "securityDefiner",
  "parallel",
  "searchPath",
  "comment",
  ...accessDeclarationKeys,
];
export const functionArgumentKeys = ["name", "type", "mode", "default"];

/** Cross-object rules of the declared functions: schemas, names, one signature per name. */
export function validateFunctions(
  functions: readonly FunctionModel[],
  schemas: ReadonlySet<string>,
  checkName: (path: string, what: string, name: string) => void,
  expressionProblem: (text: string) => string | null,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const f of functions) {
    const path = functionLabel(f);
    if (!schemas.has(f.schema)) issues.push({ path, message: `schema "${f.schema}" is not declared` });
    checkName(path, f.kind, f.name);
    for (const a of f.arguments) if (a.name !== null) checkName(path, "argument", a.name);
    if (f.searchPath) for (const s of f.searchPath) checkName(path, "searchPath schema", s);
    const key = functionKey(f);
    if (seen.has(key)) issues.push({ path, message: `declared twice with the same arguments` });
    seen.add(key);
    issues.push(...functionIssues(f, expressionProblem));
  }
  return issues;
}
