// Triggers: declared on a table (`triggers` of a table declaration), modelled as a list of their
// own so the table's shape (and its resource and fingerprint) is unchanged for schemas without them.
import type { ValidationIssue } from "./errors";
import type { SchemaModel } from "./model";
import { normalizeExpression } from "./normalize-expression";

export type TriggerTiming = "before" | "after" | "instead of";
export type TriggerEvent = "insert" | "update" | "delete" | "truncate";
/** pg_trigger.tgenabled: fires normally (origin), never, only in replica sessions, always. */
export type TriggerEnabled = "origin" | "disabled" | "replica" | "always";

export interface TriggerModel {
  schema: string;
  table: string;
  name: string;
  timing: TriggerTiming;
  /** In the fixed order insert, update, delete, truncate. */
  events: TriggerEvent[];
  /** `UPDATE OF` columns, in declared order; empty for any column. */
  updateOf: string[];
  forEach: "row" | "statement";
  /** The WHEN condition as Postgres prints it, without `WHEN`. */
  when: string | null;
  /** The trigger function (no arguments). */
  function: { schema: string; name: string };
  /** Literal arguments passed in TG_ARGV. */
  arguments: string[];
  enabled: TriggerEnabled;
  comment: string | null;
}

export interface TriggerDeclaration {
  timing: TriggerTiming;
  events: TriggerEvent[];
  updateOf?: string[];
  /** Default "statement", as in Postgres. */
  forEach?: "row" | "statement";
  /** SQL condition, e.g. "old.* IS DISTINCT FROM new.*". */
  when?: string;
  /** The trigger function: "name" (in the table's schema) or "schema.name". */
  function: string;
  arguments?: string[];
  /** Default true; "replica" or "always" for session_replication_role. */
  enabled?: boolean | "replica" | "always";
  comment?: string;
}

export const triggerDeclarationKeys = [
  "timing",
  "events",
  "updateOf",
  "forEach",
  "when",
  "function",
  "arguments",
  "enabled",
  "comment",
];

export const eventOrder: TriggerEvent[] = ["insert", "update", "delete", "truncate"];
const timings: TriggerTiming[] = ["before", "after", "instead of"];

export const triggerKey = (t: { schema: string; table: string; name: string }) =>
  `trigger:${t.schema}.${t.table}.${t.name}`;

export function triggerLabel(t: { schema: string; table: string; name: string }): string {
  return `${t.schema === "public" ? `table "${t.table}"` : `table "${t.schema}.${t.table}"`}, trigger "${t.name}"`;
}

/** "name" or "schema.name" (either part may be double-quoted) -> its parts. */
export function parseFunctionName(text: string, defaultSchema: string): { schema: string; name: string } {
  const parts = text.match(/"(?:[^"]|"")*"|[^."]+/g) ?? [text];
  const unquote = (p: string) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p);
  return parts.length >= 2
    ? { schema: unquote(parts[0]), name: unquote(parts.slice(1).join(".")) }
    : { schema: defaultSchema, name: unquote(parts[0] ?? text) };
}

export function triggerFromDeclaration(
  schema: string,
  table: string,
  name: string,
  decl: TriggerDeclaration,
  issues: ValidationIssue[],
): TriggerModel {
  const path = triggerLabel({ schema, table, name });
  const report = (message: string) => issues.push({ path, message });
  if (!timings.includes(decl.timing))
    report(`timing must be ${timings.join(", ")}, not "${String(decl.timing)}"`);
  const events = Array.isArray(decl.events) ? decl.events : [];
  if (!Array.isArray(decl.events) || events.length === 0) report("events must be a non-empty list");
  for (const e of events) if (!eventOrder.includes(e)) report(`unknown event "${String(e)}"`);
  if (decl.forEach !== undefined && decl.forEach !== "row" && decl.forEach !== "statement")
    report(`forEach must be "row" or "statement", not "${String(decl.forEach)}"`);
  if (typeof decl.function !== "string" || decl.function === "") report("function must be a function name");
  const enabled: TriggerEnabled =
    decl.enabled === undefined || decl.enabled === true
      ? "origin"
      : decl.enabled === false
        ? "disabled"
        : decl.enabled;
  if (!["origin", "disabled", "replica", "always"].includes(enabled))
    report(`enabled must be true, false, "replica" or "always", not ${JSON.stringify(decl.enabled)}`);
  return {
    schema,
    table,
    name,
    timing: decl.timing,
    events: eventOrder.filter((e) => events.includes(e)),
    updateOf: [...(decl.updateOf ?? [])],
    forEach: decl.forEach ?? "statement",
    when: decl.when === undefined ? null : normalizeExpression(decl.when),
    function: parseFunctionName(typeof decl.function === "string" ? decl.function : "", schema),
    arguments: [...(decl.arguments ?? [])],
    enabled,
    comment: decl.comment ?? null,
  };
}

export function triggerToDeclaration(t: TriggerModel): TriggerDeclaration {
  return {
    timing: t.timing,
    events: [...t.events],
    ...(t.updateOf.length ? { updateOf: [...t.updateOf] } : {}),
    forEach: t.forEach,
    ...(t.when !== null ? { when: t.when } : {}),
    function: t.function.schema === t.schema ? t.function.name : `${t.function.schema}.${t.function.name}`,
    ...(t.arguments.length ? { arguments: [...t.arguments] } : {}),
    ...(t.enabled !== "origin" ? { enabled: t.enabled === "disabled" ? false : t.enabled } : {}),
    ...(t.comment !== null ? { comment: t.comment } : {}),
  };
}

/** Same trigger definition (what CREATE OR REPLACE TRIGGER changes): enabled state and comment aside. */
export function sameTriggerDefinition(a: TriggerModel, b: TriggerModel): boolean {
  const definition = (t: TriggerModel) =>
    JSON.stringify([t.timing, t.events, t.updateOf, t.forEach, t.when, t.function, t.arguments]);
  return definition(a) === definition(b);
}

/**
 * Cross-object rules: the table's columns, the function (declared, a trigger function without
 * arguments; or outside what this schema manages), what Postgres allows on a table.
 */
export function validateTriggers(
  model: SchemaModel,
  outsideScope: (schema: string, name: string) => boolean,
  checkName: (path: string, what: string, name: string) => void,
  expressionProblem: (text: string) => string | null,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const t of model.triggers ?? []) {
    const path = triggerLabel(t);
    const report = (message: string) => issues.push({ path, message });
    checkName(path, "trigger", t.name);
    if (seen.has(triggerKey(t))) report("declared twice");
    seen.add(triggerKey(t));
    const table = model.tables.find((x) => x.schema === t.schema && x.name === t.table);
    if (!table) report(`table "${t.schema}.${t.table}" is not declared`);
    for (const c of t.updateOf) {
      if (table && !table.columns.some((x) => x.name === c)) report(`updateOf: unknown column "${c}"`);
    }
    if (t.updateOf.length && !t.events.includes("update")) report("updateOf needs the update event");
    if (t.timing === "instead of") report("INSTEAD OF triggers are for views, not tables");
    if (t.events.includes("truncate") && t.forEach === "row")
      report("truncate triggers fire for each statement, not for each row");
    if (t.when !== null) {
      const problem = expressionProblem(t.when);
      if (problem) report(`when ${JSON.stringify(t.when)} ${problem}`);
      if (t.forEach === "statement" && /\b(new|old)\b/i.test(t.when))
        report("a statement-level trigger's WHEN cannot refer to NEW or OLD");
    }
    for (const a of t.arguments) {
      if (typeof a !== "string" || a.includes("\u0000"))
        report("arguments must be strings without NUL bytes");
    }
    const fn = t.function;
    const label = `${fn.schema}.${fn.name}`;
    if (fn.schema === "pg_catalog" || outsideScope(fn.schema, fn.name)) continue;
    const candidates = (model.functions ?? []).filter((f) => f.schema === fn.schema && f.name === fn.name);
    const callable = candidates.find(
      (f) => f.kind === "function" && f.arguments.every((a) => a.mode === "out"),
    );
    if (!candidates.length) report(`function "${label}" is not declared`);
    else if (!callable)
      report(
        `function "${label}" must be declared without arguments (trigger arguments are passed in TG_ARGV)`,
      );
    else if (callable.returns !== "trigger")
      report(`function "${label}" returns ${callable.returns}, not trigger`);
  }
  return issues;
}
