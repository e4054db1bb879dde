// Cross-object rules of a normalised model: names, duplicates, references. Runs before any connection.
import { expressionProblem } from "./check-expression";
import { ValidationIssue, enumLabel, tableLabel } from "./errors";
import type { ConstraintModel, IndexModel, SchemaModel, TableModel } from "./model";
import { ManagedScope, isIgnored, isOutsideScope, scopeIssues } from "./scope";
import { compositeTypeLabel, validateCompositeType } from "./composite-type";
import { domainLabel, validateDomain } from "./domain";
import { validateExclusion } from "./exclusion";
import { validatePartitioning } from "./partition";
import { validateSequences } from "./sequence";
import { validateExtensions } from "./extension";
import { validateFunctions } from "./function";
import { validateTriggers } from "./trigger";
import { validateView, viewLabel } from "./view";

/** Postgres truncates identifiers to NAMEDATALEN-1 bytes; we refuse instead of silently truncating. */
export const maxIdentifierBytes = 63;

const indexMethods = new Set(["btree", "hash", "gin", "gist", "brin"]);
const actions = new Set(["no action", "restrict", "cascade", "set null", "set default"]);

function checkName(issues: ValidationIssue[], path: string, what: string, name: string): void {
  if (name.length === 0) issues.push({ path, message: `empty ${what} name` });
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > maxIdentifierBytes) {
    issues.push({ path, message: `${what} name "${name}" is ${bytes} bytes, over Postgres' limit of 63` });
  }
}

/** Reports exact duplicates and names that differ only in case (almost always a mistake). */
/** Expressions go into DDL as written: each must be one self-contained expression. */
function checkExpression(issues: ValidationIssue[], path: string, what: string, text: string | null): void {
  if (text === null) return;
  const problem = expressionProblem(text);
  if (problem) issues.push({ path, message: `${what} ${JSON.stringify(text)} ${problem}` });
}

function checkDuplicates(issues: ValidationIssue[], path: string, what: string, names: string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    const previous = seen.get(folded);
    if (previous === undefined) seen.set(folded, name);
    else if (previous === name) issues.push({ path, message: `duplicate ${what} "${name}"` });
    else issues.push({ path, message: `${what}s "${previous}" and "${name}" differ only in case` });
  }
}

/** Does the set of columns carry a unique guarantee a foreign key may reference? */
export function hasUniqueKey(table: TableModel, columns: readonly string[]): boolean {
  const same = (cols: readonly string[]) =>
    cols.length === columns.length && [...cols].sort().join("\u0000") === [...columns].sort().join("\u0000");
  return (
    table.constraints.some((c) => (c.kind === "primaryKey" || c.kind === "unique") && same(c.columns)) ||
    table.indexes.some(
      (i) =>
        i.unique &&
        i.where === null &&
        i.keys.every((k) => k.column !== null) &&
        same(i.keys.map((k) => k.column as string)),
    )
  );
}

function validateIndex(
  issues: ValidationIssue[],
  path: string,
  index: IndexModel,
  columns: Set<string>,
): void {
  if (!indexMethods.has(index.method))
    issues.push({ path, message: `unknown index method "${index.method}"` });
  if (index.keys.length === 0) issues.push({ path, message: "no columns or expressions" });
  if (index.unique && index.method !== "btree") {
    issues.push({ path, message: `unique indexes need method btree, not ${index.method}` });
  }
  if (index.include.length && !["btree", "gist"].includes(index.method)) {
    issues.push({ path, message: `INCLUDE is not supported by method ${index.method}` });
  }
  if (index.nullsNotDistinct && !index.unique)
    issues.push({ path, message: "nullsNotDistinct needs unique: true" });
  for (const key of index.keys) {
    if ((key.column === null) === (key.expression === null)) {
      issues.push({ path, message: "each key needs exactly one of column and expression" });
    } else if (key.column !== null && !columns.has(key.column)) {
      issues.push({ path, message: `unknown column "${key.column}"` });
    }
    checkExpression(issues, path, "expression", key.expression);
    if (index.method !== "btree" && (key.order !== "asc" || key.nulls !== "last")) {
      issues.push({ path, message: `sort order (DESC/NULLS) needs method btree, not ${index.method}` });
    }
  }
  checkExpression(issues, path, "where", index.where);
  for (const [k, v] of Object.entries(index.with ?? {})) {
    if (!/^[a-z_][a-z0-9_]*$/.test(k))
      issues.push({ path, message: `storage parameter name "${k}" is not a plain name` });
    if (!/^[A-Za-z0-9_.+-]+$/.test(v))
      issues.push({
        path,
        message: `storage parameter ${k}: value ${JSON.stringify(v)} must be a number, word or boolean`,
      });
  }
  for (const c of index.include) {
    if (!columns.has(c)) issues.push({ path, message: `unknown INCLUDE column "${c}"` });
  }
}

function validateConstraint(
  issues: ValidationIssue[],
  path: string,
  c: ConstraintModel,
  table: TableModel,
  tables: Map<string, TableModel>,
  scope: ManagedScope | undefined,
): void {
  const columns = new Set(table.columns.map((col) => col.name));
  if (c.kind === "check") checkExpression(issues, path, "expression", c.expression);
  if (c.kind === "exclusion") {
    validateExclusion(issues, path, c, columns);
    if (c.initiallyDeferred && !c.deferrable)
      issues.push({ path, message: "initiallyDeferred needs deferrable" });
    return;
  }
  if (c.kind !== "check") {
    if (c.columns.length === 0) issues.push({ path, message: "no columns" });
    for (const col of c.columns) {
      if (!columns.has(col)) issues.push({ path, message: `unknown column "${col}"` });
    }
    checkDuplicates(issues, path, "column", c.columns);
  }
  if ((c.kind === "unique" || c.kind === "foreignKey") && c.initiallyDeferred && !c.deferrable) {
    issues.push({ path, message: "initiallyDeferred needs deferrable" });
  }
  if (c.kind !== "foreignKey") return;
  if (!actions.has(c.onDelete)) issues.push({ path, message: `unknown onDelete action "${c.onDelete}"` });
  if (!actions.has(c.onUpdate)) issues.push({ path, message: `unknown onUpdate action "${c.onUpdate}"` });
  const target = tables.get(`${c.references.schema}.${c.references.table}`);
  const targetLabel = tableLabel(c.references.schema, c.references.table);
  if (!target) {
    // A table outside the managed scope (ignored, or in an unmanaged schema) exists but is not
    // modelled: Postgres checks its columns and key when the constraint is added.
    if (isOutsideScope(scope, c.references.schema, c.references.table)) return;
    issues.push({
      path,
      message:
        `references undeclared ${targetLabel}` +
        (scope ? "" : " (declare it, or leave it outside the managed scope with an ignore rule)"),
    });
    return;
  }
  if (c.references.columns.length !== c.columns.length) {
    issues.push({
      path,
      message: `${c.columns.length} column(s) reference ${c.references.columns.length} column(s)`,
    });
  }
  const targetColumns = new Set(target.columns.map((col) => col.name));
  const missing = c.references.columns.filter((col) => !targetColumns.has(col));
  if (missing.length) {
    issues.push({
      path,
      message: `references unknown column(s) ${missing.map((m) => `"${m}"`).join(", ")} of ${targetLabel}`,
    });
  } else if (!hasUniqueKey(target, c.references.columns)) {
    issues.push({
      path,
      message: `references (${c.references.columns.join(", ")}) of ${targetLabel}, which has no primary key or unique constraint on exactly those columns`,
    });
  }
  if (!table.unlogged && target.unlogged) {
    issues.push({ path, message: `a logged table cannot reference unlogged ${targetLabel}` });
  }
  if (
    (c.onDelete === "set null" || c.onUpdate === "set null") &&
    c.columns.some((n) => !table.columns.find((col) => col.name === n)?.nullable)
  ) {
    issues.push({ path, message: "SET NULL action on a NOT NULL column" });
  }
}

/** Every cross-object problem of a model (within `scope`, if given); empty when valid. */
export function validateModel(model: SchemaModel, scope?: ManagedScope): ValidationIssue[] {
  const issues: ValidationIssue[] = [...scopeIssues(model, scope)];
  for (const s of model.schemas) checkName(issues, `schema "${s}"`, "schema", s);
  checkDuplicates(issues, "", "schema", model.schemas);
  const schemas = new Set(model.schemas);
  const tables = new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));

  // Relations (tables, indexes, constraint indexes) share one namespace per schema; types another,
  // and every table has a row type of its own name.
  const relationNames = new Map<string, string[]>();
  const typeNames = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, schema: string, name: string) =>
    map.set(schema, [...(map.get(schema) ?? []), name]);

  for (const e of model.enums) {
    const path = enumLabel(e.schema, e.name);
    if (!schemas.has(e.schema)) issues.push({ path, message: `schema "${e.schema}" is not declared` });
    checkName(issues, path, "enum", e.name);
    add(typeNames, e.schema, e.name);
    if (e.values.length === 0) issues.push({ path, message: "an enum needs at least one value" });
    for (const v of e.values) {
      if (typeof v !== "string") issues.push({ path, message: `values must be strings` });
      else checkName(issues, path, "enum value", v);
    }
    const seen = new Set<string>();
    for (const v of e.values) {
      if (seen.has(v)) issues.push({ path, message: `duplicate value "${v}"` });
      seen.add(v);
    }
    for (const [to, from] of Object.entries(e.renamedValues)) {
      if (!seen.has(to)) issues.push({ path, message: `renamedValues: "${to}" is not one of the values` });
      if (seen.has(from))
        issues.push({
          path,
          message: `renamedValues: "${to}" renamed from "${from}", which is still a value`,
        });
    }
  }

  const named = (path: string, what: string, name: string) => checkName(issues, path, what, name);
  for (const d of model.domains ?? []) {
    const path = domainLabel(d.schema, d.name);
    if (!schemas.has(d.schema)) issues.push({ path, message: `schema "${d.schema}" is not declared` });
    checkName(issues, path, "domain", d.name);
    add(typeNames, d.schema, d.name);
    validateDomain(d, issues, named);
  }
  for (const c of model.compositeTypes ?? []) {
    const path = compositeTypeLabel(c.schema, c.name);
    if (!schemas.has(c.schema)) issues.push({ path, message: `schema "${c.schema}" is not declared` });
    checkName(issues, path, "composite type", c.name);
    add(typeNames, c.schema, c.name);
    add(relationNames, c.schema, c.name);
    validateCompositeType(c, issues, named);
  }

  for (const t of model.tables) {
    const path = tableLabel(t.schema, t.name);
    validatePartitioning(issues, path, t.partitionBy, t.partitions ?? [], named);
    for (const p of t.partitions ?? []) {
      add(relationNames, t.schema, p.name);
      add(typeNames, t.schema, p.name);
    }
    if (!schemas.has(t.schema)) issues.push({ path, message: `schema "${t.schema}" is not declared` });
    checkName(issues, path, "table", t.name);
    add(relationNames, t.schema, t.name);
    add(typeNames, t.schema, t.name);
    checkDuplicates(
      issues,
      path,
      "column",
      t.columns.map((c) => c.name),
    );
    for (const c of t.columns) {
      checkName(issues, `${path}, column "${c.name}"`, "column", c.name);
      checkExpression(issues, `${path}, column "${c.name}"`, "default", c.default);
      checkExpression(issues, `${path}, column "${c.name}"`, "generated", c.generated);
    }
    if (t.renamedFrom !== null && tables.has(`${t.schema}.${t.renamedFrom}`)) {
      issues.push({
        path,
        message: `renamedFrom "${t.renamedFrom}", but a table of that name is also declared`,
      });
    }
    const columnNames = new Set(t.columns.map((c) => c.name));
    for (const c of t.columns) {
      if (c.renamedFrom !== null && columnNames.has(c.renamedFrom)) {
        issues.push({
          path: `${path}, column "${c.name}"`,
          message: `renamedFrom "${c.renamedFrom}", but a column of that name is also declared`,
        });
      }
    }
    const pks = t.constraints.filter((c) => c.kind === "primaryKey");
    if (pks.length > 1) issues.push({ path, message: `${pks.length} primary keys declared` });
    checkDuplicates(
      issues,
      path,
      "constraint",
      t.constraints.map((c) => c.name),
    );
    for (const c of t.constraints) {
      const cpath = `${path}, constraint "${c.name}"`;
      checkName(issues, cpath, "constraint", c.name);
      validateConstraint(issues, cpath, c, t, tables, scope);
      if (c.kind === "primaryKey" || c.kind === "unique" || c.kind === "exclusion")
        add(relationNames, t.schema, c.name);
    }
    for (const i of t.indexes) {
      const ipath = `${path}, index "${i.name}"`;
      checkName(issues, ipath, "index", i.name);
      validateIndex(issues, ipath, i, columnNames);
      add(relationNames, t.schema, i.name);
    }
  }
  issues.push(...validateSequences(model, scope), ...validateExtensions(model));
  for (const s of model.sequences ?? []) add(relationNames, s.schema, s.name);
  for (const v of model.views ?? []) {
    if (!schemas.has(v.schema))
      issues.push({
        path: viewLabel(v.schema, v.name, v.materialized),
        message: `schema "${v.schema}" is not declared`,
      });
    issues.push(
      ...validateView(
        v,
        (path, what, name) => checkName(issues, path, what, name),
        // Its columns come from the query: Postgres checks them when the declaration is rendered.
        (path, index) =>
          validateIndex(
            issues,
            path,
            index,
            new Set(index.keys.flatMap((k) => (k.column !== null ? [k.column] : []))),
          ),
      ),
    );
    add(relationNames, v.schema, v.name);
    add(typeNames, v.schema, v.name);
    for (const i of v.indexes) add(relationNames, v.schema, i.name);
  }
  for (const [schema, names] of relationNames) {
    checkDuplicates(issues, `schema "${schema}"`, "table/index/constraint name", names);
  }
  for (const [schema, names] of typeNames) {
    checkDuplicates(issues, `schema "${schema}"`, "type name (enum, domain, composite type or table)", names);
  }
  const nameCheck = (path: string, what: string, name: string) => checkName(issues, path, what, name);
  issues.push(...validateFunctions(model.functions ?? [], schemas, nameCheck, expressionProblem));
  const functionOutsideScope = (schema: string, name: string) =>
    !!scope &&
    ((scope.schemas !== undefined && !scope.schemas.includes(schema)) ||
      isIgnored(scope, "function", schema, name));
  issues.push(...validateTriggers(model, functionOutsideScope, nameCheck, expressionProblem));
  return issues;
}
