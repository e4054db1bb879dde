// Functions and procedures: CREATE OR REPLACE where Postgres allows it (body, language, volatility,
// strictness, security, parallel safety, search_path, new defaults), otherwise drop and create
// again in one transaction, with the managed triggers that use the function around it. A changed
// argument list is another function (another key): the new one is created, the old one dropped.
import {
  FunctionModel,
  dollarQuote,
  functionKey,
  identityArguments,
  replaceableInPlace,
  sameFunctionDefinition,
} from "../model/function";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import type { TypeKeyOf } from "./dependencies";
import { schemaKey, tableKey } from "./keys";
import type { PlanStep } from "./step";

const functionsOf = (m: SchemaModel) => m.functions ?? [];

/** `public.f(a integer, b text)`: the signature DROP and COMMENT take. */
export function functionSignature(f: FunctionModel): string {
  return `${quoteQualified(f.schema, f.name)}(${identityArguments(f)})`;
}

function argumentSql(f: FunctionModel): string {
  return f.arguments
    .map((a) => {
      const mode = a.mode === "in" ? "" : `${a.mode.toUpperCase()} `;
      const name = a.name !== null ? `${quoteIdent(a.name)} ` : "";
      return `${mode}${name}${a.type}${a.default !== null ? ` DEFAULT ${a.default}` : ""}`;
    })
    .join(", ");
}

/** CREATE [OR REPLACE] FUNCTION/PROCEDURE; the body always dollar-quoted with a tag it does not contain. */
export function createFunctionSql(f: FunctionModel, orReplace: boolean): string {
  const head = `CREATE ${orReplace ? "OR REPLACE " : ""}${f.kind.toUpperCase()} ${quoteQualified(f.schema, f.name)}(${argumentSql(f)})`;
  const clauses: string[] = [];
  if (f.kind === "function") clauses.push(`RETURNS ${f.returns ?? "void"}`);
  clauses.push(`LANGUAGE ${quoteIdent(f.language)}`);
  if (f.kind === "function") {
    if (f.volatility !== "volatile") clauses.push(f.volatility.toUpperCase());
    if (f.strict) clauses.push("STRICT");
    if (f.parallel !== "unsafe") clauses.push(`PARALLEL ${f.parallel.toUpperCase()}`);
  }
  if (f.securityDefiner) clauses.push("SECURITY DEFINER");
  if (f.searchPath !== null)
    clauses.push(`SET search_path = ${f.searchPath.length ? f.searchPath.map(quoteIdent).join(", ") : "''"}`);
  return `${head}\n  ${clauses.join(" ")}\nAS ${dollarQuote(f.body)}`;
}

/** Does `text` use `name` as a word (not part of a longer identifier)? */
export function mentions(text: string, name: string, call = false): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_$"])"?${escaped}"?${call ? "\\(" : '($|[^A-Za-z0-9_$"])'}`, "i").test(
    text,
  );
}

/**
 * What creating `f` needs: its schema, the enum and table (row) types of its signature, and for
 * SQL functions (whose bodies Postgres checks at creation) the tables the body names.
 */
function functionNeeds(f: FunctionModel, desired: SchemaModel, typeKeyOf: TypeKeyOf): string[] {
  const needs = new Set([schemaKey(f.schema)]);
  const types = [...f.arguments.map((a) => a.type), f.returns ?? ""];
  for (const type of types) {
    const enumKey = typeKeyOf(type.replace(/^SETOF /, ""));
    if (enumKey) needs.add(enumKey);
  }
  for (const t of desired.tables) {
    const qualified = quoteQualified(t.schema, t.name);
    const inSignature = types.some(
      (type) => type.replace(/^SETOF /, "").replace(/(\[\])+$/, "") === qualified,
    );
    const inBody = f.language === "sql" && (mentions(f.body, t.name) || mentions(f.body, qualified));
    if (inSignature || inBody) needs.add(tableKey(t.schema, t.name));
  }
  return [...needs];
}

/** What Postgres identifies a routine by: its name and input argument types (all of them for procedures). */
function signatureOf(f: FunctionModel): string {
  const types = f.arguments.filter((a) => f.kind === "procedure" || a.mode !== "out").map((a) => a.type);
  return `${f.kind}:${f.schema}.${f.name}(${types.join(", ")})`;
}

export interface RecreatedFunction {
  live: FunctionModel;
  desired: FunctionModel;
  /** The transaction group of its DROP and CREATE; its dependents' steps join it. */
  group: string;
}

export interface FunctionPlan {
  /** `schema.name` of functions dropped and created again: their managed triggers go with them. */
  recreated: Set<string>;
  /** The same functions in full (plan-function-dependents.ts takes their dependents around them). */
  recreatedFunctions: RecreatedFunction[];
}

export function planFunctions(
  live: SchemaModel,
  desired: SchemaModel,
  plan: PlanBuilder,
  typeKeyOf: TypeKeyOf,
): FunctionPlan {
  const recreated = new Set<string>();
  const recreatedFunctions: RecreatedFunction[] = [];
  // Postgres tells functions apart by input types; the key also carries argument names.
  const liveBySignature = new Map(functionsOf(live).map((f) => [signatureOf(f), f]));
  const desiredSignatures = new Set(functionsOf(desired).map(signatureOf));
  for (const d of functionsOf(desired)) {
    const key = functionKey(d);
    const l = liveBySignature.get(signatureOf(d));
    const what = `${d.kind} ${d.schema}.${d.name}(${identityArguments(d)})`;
    const needs = functionNeeds(d, desired, typeKeyOf);
    if (!l) {
      plan.add(Phase.createFunctions, {
        objectKey: key,
        description: `create ${what}`,
        sql: createFunctionSql(d, false),
        lock: "none",
        creates: [key],
        needs,
      });
    } else if (!sameFunctionDefinition(l, d)) {
      if (replaceableInPlace(l, d)) {
        plan.add(Phase.createFunctions, {
          objectKey: key,
          description: `replace ${what}`,
          sql: createFunctionSql(d, true),
          lock: "none",
          creates: [key],
          needs,
        });
      } else {
        // The result type or an argument's name changes: Postgres refuses CREATE OR REPLACE.
        recreated.add(`${d.schema}.${d.name}`);
        const group = `recreate ${key}`;
        recreatedFunctions.push({ live: l, desired: d, group });
        plan.add(Phase.createFunctions, {
          objectKey: key,
          description: `drop ${l.kind} ${l.schema}.${l.name}(${identityArguments(l)}) to create it again (its result or argument names change)`,
          sql: `DROP ${l.kind.toUpperCase()} ${functionSignature(l)}`,
          lock: "none",
          group,
          drops: [functionKey(l)],
        });
        plan.add(Phase.createFunctions, {
          objectKey: key,
          description: `create ${what} again`,
          sql: createFunctionSql(d, false),
          lock: "none",
          group,
          creates: [key],
          needs,
        });
      }
    }
    if ((l?.comment ?? null) !== d.comment) {
      plan.add(Phase.comments, {
        objectKey: key,
        description: `set comment of ${what}`,
        sql: `COMMENT ON ${d.kind.toUpperCase()} ${functionSignature(d)} IS ${commentLiteral(d.comment)}`,
        lock: "none",
      });
    }
  }
  for (const l of functionsOf(live)) {
    const key = functionKey(l);
    if (desiredSignatures.has(signatureOf(l))) continue;
    plan.add(Phase.dropFunctions, {
      objectKey: key,
      description: `drop ${l.kind} ${l.schema}.${l.name}(${identityArguments(l)})`,
      sql: `DROP ${l.kind.toUpperCase()} ${functionSignature(l)}`,
      lock: "none",
      drops: [key],
    });
  }
  return { recreated, recreatedFunctions };
}

/**
 * Table steps (a column default, a check, a generated column, an index expression), domains and
 * policies that call a declared function need it first: the planner of tables does not know functions, so their SQL
 * is searched for calls by name. A mention is enough to order; it never adds a step.
 */
export function addFunctionNeeds(steps: readonly PlanStep[], desired: SchemaModel): void {
  const functions = functionsOf(desired);
  if (!functions.length) return;
  for (const step of steps) {
    if (
      !/^(table|column|constraint|index|type|policy):/.test(step.objectKey) ||
      (step.drops.length && !step.creates.length)
    )
      continue;
    for (const f of functions) {
      if (mentions(step.sql, f.name, true)) {
        const key = functionKey(f);
        if (!step.needs.includes(key)) step.needs.push(key);
      }
    }
  }
}
