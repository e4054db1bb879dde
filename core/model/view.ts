// Views and materialized views: the model type, declaration -> model, validation and model ->
// declaration of this one kind. A view's query is SQL pasted into `CREATE VIEW ... AS <query>`, so
// it must be exactly one query: a second top-level statement is refused before anything runs. The
// query is compared as Postgres prints it (pg_get_viewdef with an empty search_path), which is why
// a declaration is rendered in the scratch database first: whitespace and spelling are not drift.
import {
  accessDeclarationKeys,
  accessToDeclaration,
  type AccessDeclaration,
  type ObjectAccess,
} from "./privilege";
import type { IndexDeclaration } from "./declaration";
import { ValidationIssue } from "./errors";
import type { IndexModel, SchemaModel } from "./model";
import { functionKey } from "./function";
import { lexicalUnitAt } from "../sql/lexical";

export type CheckOption = "local" | "cascaded";

export interface ViewOptions {
  securityBarrier: boolean;
  securityInvoker: boolean;
  /** WITH [LOCAL | CASCADED] CHECK OPTION; null: none. */
  checkOption: CheckOption | null;
}

/** An output column of a view as the catalog reports it (derived from the query, not declared). */
export interface ViewColumn {
  name: string;
  type: string;
}

export interface ViewModel extends ObjectAccess {
  schema: string;
  name: string;
  materialized: boolean;
  /** The query: as Postgres prints it once rendered or introspected, else as declared. */
  definition: string;
  options: ViewOptions;
  /** Indexes of a materialized view (none for a plain view). */
  indexes: IndexModel[];
  comment: string | null;
  /**
   * Derived from the query by Postgres (empty for a declaration that was not rendered): decides
   * whether CREATE OR REPLACE can keep the view. Not part of the schema's shape.
   */
  columns: ViewColumn[];
  /**
   * Keys of what the query uses (`table:`, `column:`, `view:`, `function:`, `enum:`...): from
   * pg_depend once rendered or introspected; from the declared text for a declaration (names of
   * other declared views and tables it mentions). Orders the plan; not part of the schema's shape.
   */
  dependsOn: string[];
  /** Size of a live materialized view when the statistics know it (pg_class); not part of the shape. */
  size: { rows: number | null; bytes: number } | null;
}

export interface ViewDeclaration extends AccessDeclaration {
  /** Only for APIs that declare views one by one (the component API); the spec nests views under schemas. */
  schema?: string;
  /** One query (SELECT, WITH ..., VALUES, TABLE), in any spelling Postgres accepts. */
  query: string;
  materialized?: boolean;
  securityBarrier?: boolean;
  securityInvoker?: boolean;
  checkOption?: CheckOption;
  /** Indexes of a materialized view, keyed by name. */
  indexes?: Record<string, IndexDeclaration>;
  comment?: string;
}

export const viewKey = (schema: string, name: string) => `view:${schema}.${name}`;

export function viewLabel(schema: string, name: string, materialized = false): string {
  const kind = materialized ? "materialized view" : "view";
  return schema === "public" ? `${kind} "${name}"` : `${kind} "${schema}.${name}"`;
}

export const defaultViewOptions = (): ViewOptions => ({
  securityBarrier: false,
  securityInvoker: false,
  checkOption: null,
});

/** Trailing `;` and whitespace are not part of a query. */
export function trimQuery(text: string): string {
  return text.replace(/[\s;]+$/, "").trim();
}

interface Token {
  /** Identifier (folded to lower case unless quoted) or a single punctuation character. */
  text: string;
  quoted: boolean;
}

/**
 * Lexes a query the way Postgres splits statements: string literals ('...', E'...', $tag$...$),
 * quoted identifiers and comments are skipped as units. Returns why the text is not exactly one
 * query (a `;` with more after it, something unterminated, unbalanced brackets), or its tokens.
 */
function lexQuery(text: string): { problem: string } | { tokens: Token[] } {
  const tokens: Token[] = [];
  const closing: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\u0000") return { problem: "contains a NUL byte" };
    // Postgres nests block comments; a line comment's newline is whitespace.
    const unit = lexicalUnitAt(text, i, { nestedBlockComments: true });
    if (unit) {
      if ("problem" in unit) return { problem: unit.problem };
      if (unit.kind === "quoted-identifier")
        tokens.push({ text: text.slice(i + 1, unit.end - 1).replace(/""/g, '"'), quoted: true });
      i = unit.end;
      continue;
    }
    if (ch === ";") {
      if (text.slice(i + 1).trim() !== "")
        return {
          problem:
            "contains `;` followed by more SQL outside a string: a view is exactly one query, not several statements",
        };
      break;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ text: m[0].toLowerCase(), quoted: false });
      i += m[0].length;
      continue;
    }
    if (ch === "(" || ch === "[") closing.push(ch === "(" ? ")" : "]");
    else if (ch === ")" || ch === "]") {
      if (closing.pop() !== ch) return { problem: `has an unbalanced \`${ch}\`` };
    }
    if (ch === ".") tokens.push({ text: ".", quoted: false });
    else if (!/\s/.test(ch)) tokens.push({ text: ch, quoted: false });
    i++;
  }
  if (closing.length)
    return { problem: `has an unclosed \`${closing[closing.length - 1] === ")" ? "(" : "["}\`` };
  return { tokens };
}

/** Why `text` is not exactly one query, or null. */
export function queryProblem(text: string): string | null {
  if (trimQuery(text) === "") return "is empty";
  const lexed = lexQuery(text);
  return "problem" in lexed ? lexed.problem : null;
}

/**
 * Objects of `candidates` ("schema.name" -> key) a declared query mentions, by name or
 * schema-qualified name. An over-approximation (a column alias with a view's name counts too):
 * it only orders creation before the declaration is rendered; pg_depend replaces it afterwards.
 */
export function mentionedObjects(
  text: string,
  schema: string,
  candidates: ReadonlyMap<string, string>,
): string[] {
  const lexed = lexQuery(text);
  if ("problem" in lexed) return [];
  const found = new Set<string>();
  const t = lexed.tokens;
  // A view is used as a relation: after FROM, JOIN or a comma (of a FROM list); a table may also
  // be named elsewhere (`orders.id`). Mentions of views elsewhere (column aliases) do not count.
  const asRelation = (k: number) => ["from", "join", ","].includes(t[k - 1]?.text ?? "");
  const add = (key: string | undefined, k: number) => {
    if (key && (!key.startsWith("view:") || asRelation(k))) found.add(key);
  };
  for (let k = 0; k < t.length; k++) {
    if (t[k].text === "." || (t[k].text.length === 1 && !t[k].quoted && !/\w/.test(t[k].text))) continue;
    if (t[k + 1]?.text === "." && t[k + 2] && !t[k + 1].quoted) {
      add(candidates.get(`${t[k].text}.${t[k + 2].text}`), k);
      k += 2;
      continue;
    }
    if (t[k - 1]?.text === "." && !t[k - 1].quoted) continue;
    add(candidates.get(`${schema}.${t[k].text}`) ?? candidates.get(`public.${t[k].text}`), k);
  }
  return [...found].sort();
}

/**
 * Declared functions (`candidates`: "schema.name" -> keys of its overloads) a query calls: a name
 * or schema-qualified name followed by `(`. Unqualified names resolve in the view's schema, then
 * public (the declared search path of a rendered view).
 */
export function calledFunctions(
  text: string,
  schema: string,
  candidates: ReadonlyMap<string, readonly string[]>,
): string[] {
  const lexed = lexQuery(text);
  if ("problem" in lexed || !candidates.size) return [];
  const t = lexed.tokens;
  const found = new Set<string>();
  for (let k = 0; k + 1 < t.length; k++) {
    if (t[k + 1].text !== "(" || t[k + 1].quoted || (t[k].text.length === 1 && !t[k].quoted)) continue;
    const qualified =
      t[k - 1]?.text === "." && !t[k - 1].quoted && t[k - 2] ? `${t[k - 2].text}.${t[k].text}` : null;
    const keys = qualified
      ? candidates.get(qualified)
      : (candidates.get(`${schema}.${t[k].text}`) ?? candidates.get(`public.${t[k].text}`));
    for (const key of keys ?? []) found.add(key);
  }
  return [...found].sort();
}

export function viewFromDeclaration(
  schema: string,
  name: string,
  decl: ViewDeclaration,
  indexFromDeclaration: (name: string, decl: IndexDeclaration) => IndexModel,
): ViewModel {
  return {
    schema,
    name,
    materialized: decl.materialized ?? false,
    definition: typeof decl.query === "string" ? trimQuery(decl.query) : "",
    options: {
      securityBarrier: decl.securityBarrier ?? false,
      securityInvoker: decl.securityInvoker ?? false,
      checkOption: decl.checkOption ?? null,
    },
    indexes: Object.entries(decl.indexes ?? {}).map(([n, i]) => indexFromDeclaration(n, i)),
    comment: decl.comment ?? null,
    columns: [],
    dependsOn: [],
    size: null,
  };
}

/**
 * Fills `dependsOn` of declared views from their text: the declared views and tables they name,
 * the columns of those tables whose names they mention (pg_depend lists used columns) and the
 * declared functions they call.
 */
export function withDeclaredViewDependencies(model: SchemaModel): void {
  const candidates = new Map<string, string>();
  const tables = new Map(model.tables.map((t) => [`table:${t.schema}.${t.name}`, t]));
  for (const t of model.tables) candidates.set(`${t.schema}.${t.name}`, `table:${t.schema}.${t.name}`);
  for (const v of model.views ?? []) candidates.set(`${v.schema}.${v.name}`, viewKey(v.schema, v.name));
  const functions = new Map<string, string[]>();
  for (const f of model.functions ?? [])
    functions.set(`${f.schema}.${f.name}`, [
      ...(functions.get(`${f.schema}.${f.name}`) ?? []),
      functionKey(f),
    ]);
  for (const v of model.views ?? []) {
    const own = viewKey(v.schema, v.name);
    const mentioned = mentionedObjects(v.definition, v.schema, candidates).filter((k) => k !== own);
    const lexed = lexQuery(v.definition);
    const words = new Set("tokens" in lexed ? lexed.tokens.map((t) => t.text) : []);
    const columns = mentioned.flatMap((k) => {
      const t = tables.get(k);
      return t
        ? t.columns.filter((c) => words.has(c.name)).map((c) => `column:${t.schema}.${t.name}.${c.name}`)
        : [];
    });
    // Functions it calls: a view over a function dropped and created again is re-created too.
    v.dependsOn = [...mentioned, ...columns, ...calledFunctions(v.definition, v.schema, functions)];
  }
  dropGuessedCycles(model.views ?? []);
}

/**
 * Guessed view -> view edges can form a cycle (two views that mention each other's names, say as
 * column aliases); Postgres' real dependencies never do. Drop the edges that close one, so the
 * plan that renders the declaration can still order the views.
 */
function dropGuessedCycles(views: ViewModel[]): void {
  const byKey = new Map(views.map((v) => [viewKey(v.schema, v.name), v]));
  const state = new Map<string, "open" | "done">();
  const visit = (key: string) => {
    state.set(key, "open");
    const v = byKey.get(key) as ViewModel;
    v.dependsOn = v.dependsOn.filter((k) => {
      if (!byKey.has(k)) return true;
      if (state.get(k) === "open") return false;
      if (!state.has(k)) visit(k);
      return true;
    });
    state.set(key, "done");
  };
  for (const key of [...byKey.keys()].sort()) if (!state.has(key)) visit(key);
}

export const viewDeclarationKeys = [
  "schema",
  "query",
  "materialized",
  "securityBarrier",
  "securityInvoker",
  "checkOption",
  "indexes",
  "comment",
  ...accessDeclarationKeys,
];

/** The JSON shape of one view declaration (parse-spec's part for this kind). */
export function viewShapeIssues(path: string, v: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(v))
    if (!viewDeclarationKeys.includes(key)) issues.push({ path, message: `unknown property "${key}"` });
  if (typeof v.query !== "string") issues.push({ path, message: "query must be a string" });
  for (const key of ["materialized", "securityBarrier", "securityInvoker"])
    if (v[key] !== undefined && typeof v[key] !== "boolean")
      issues.push({ path, message: `${key} must be a boolean, not ${JSON.stringify(v[key])}` });
  for (const key of ["comment", "schema"])
    if (v[key] !== undefined && typeof v[key] !== "string")
      issues.push({ path, message: `${key} must be a string, not ${JSON.stringify(v[key])}` });
  if (v.checkOption !== undefined && v.checkOption !== "local" && v.checkOption !== "cascaded")
    issues.push({
      path,
      message: `checkOption must be local or cascaded, not ${JSON.stringify(v.checkOption)}`,
    });
  if (
    v.indexes !== undefined &&
    (typeof v.indexes !== "object" || v.indexes === null || Array.isArray(v.indexes))
  )
    issues.push({ path, message: "indexes must be an object keyed by name" });
  return issues;
}

/** Rules of one view that need no database: the query is one query, options fit the kind. */
export function validateView(
  v: ViewModel,
  checkName: (path: string, what: string, name: string) => void,
  checkIndex: (path: string, index: IndexModel) => void,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const path = viewLabel(v.schema, v.name, v.materialized);
  checkName(path, "view", v.name);
  const problem = queryProblem(v.definition);
  if (problem) issues.push({ path, message: `query ${problem}` });
  if (v.materialized) {
    if (v.options.securityBarrier || v.options.securityInvoker || v.options.checkOption !== null)
      issues.push({
        path,
        message:
          "securityBarrier, securityInvoker and checkOption apply to plain views, not materialized ones",
      });
  } else if (v.indexes.length) {
    issues.push({ path, message: "only materialized views have indexes" });
  }
  for (const i of v.indexes) {
    const ipath = `${path}, index "${i.name}"`;
    checkName(ipath, "index", i.name);
    checkIndex(ipath, i);
  }
  if (v.comment !== null && v.comment.includes("\u0000"))
    issues.push({ path, message: "comment contains a NUL byte" });
  return issues;
}

export function viewToDeclaration(
  v: ViewModel,
  indexDeclaration: (i: IndexModel) => IndexDeclaration,
): ViewDeclaration {
  const indexes: Record<string, IndexDeclaration> = {};
  for (const i of v.indexes) indexes[i.name] = indexDeclaration(i);
  return {
    query: v.definition,
    ...(v.materialized ? { materialized: true } : {}),
    ...(v.options.securityBarrier ? { securityBarrier: true } : {}),
    ...(v.options.securityInvoker ? { securityInvoker: true } : {}),
    ...(v.options.checkOption !== null ? { checkOption: v.options.checkOption } : {}),
    ...(v.indexes.length ? { indexes } : {}),
    ...(v.comment !== null ? { comment: v.comment } : {}),
    ...accessToDeclaration("table", v),
  };
}

/** The shape that is compared and fingerprinted: no derived columns, dependencies or sizes. */
export function canonicalView(v: ViewModel): Omit<ViewModel, "columns" | "dependsOn" | "size"> {
  return {
    schema: v.schema,
    name: v.name,
    materialized: v.materialized,
    definition: v.definition,
    options: { ...v.options },
    comment: v.comment,
    indexes: [...v.indexes]
      .map((i) => JSON.parse(JSON.stringify(i)) as IndexModel)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...(v.owner !== undefined ? { owner: v.owner } : {}),
    ...(v.grants !== undefined ? { grants: v.grants } : {}),
  };
}
