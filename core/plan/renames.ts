// Renames come first: they turn the live model into one that uses the desired names, so the rest of
// the planner compares like with like and never plans drop + add for a renamed object.
import type { SchemaModel, TableModel } from "../model/model";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { columnKey, enumKey, tableKey } from "./keys";

const plainIdentifier = /^[a-z_][a-z0-9_$]*$/;

/** Best-effort rewrite of a column name inside expressions Postgres will have updated itself. */
function renameInExpression(expression: string | null, from: string, to: string): string | null {
  if (expression === null) return null;
  if (!plainIdentifier.test(from)) return expression;
  return expression.replace(
    new RegExp(`(?<![\\w$."'])${from.replace(/\$/g, "\\$")}(?![\\w$"'])`, "g"),
    quoteIdent(to),
  );
}

function renameColumnInTable(t: TableModel, from: string, to: string): void {
  const r = (n: string) => (n === from ? to : n);
  for (const c of t.columns) {
    if (c.name === from) c.name = to;
    c.default = renameInExpression(c.default, from, to);
    c.generated = renameInExpression(c.generated, from, to);
  }
  for (const k of t.constraints) {
    if (k.kind === "check") k.expression = renameInExpression(k.expression, from, to) ?? "";
    else if (k.kind === "exclusion") {
      k.where = renameInExpression(k.where, from, to);
      k.elements = k.elements.map((e) => ({
        ...e,
        column: e.column === null ? null : r(e.column),
        expression: renameInExpression(e.expression, from, to),
      }));
    } else k.columns = k.columns.map(r);
  }
  for (const i of t.indexes) {
    i.include = i.include.map(r);
    i.where = renameInExpression(i.where, from, to);
    for (const k of i.keys) {
      if (k.column !== null) k.column = r(k.column);
      k.expression = renameInExpression(k.expression, from, to);
    }
  }
}

export function planRenames(liveIn: SchemaModel, desired: SchemaModel, plan: PlanBuilder): SchemaModel {
  const live = JSON.parse(JSON.stringify(liveIn)) as SchemaModel;

  for (const d of desired.enums) {
    const find = (name: string) => live.enums.find((e) => e.schema === d.schema && e.name === name);
    if (d.renamedFrom !== null && !find(d.name)) {
      const old = find(d.renamedFrom);
      if (old) {
        plan.add(Phase.enumRenames, {
          objectKey: enumKey(d.schema, d.name),
          description: `rename enum ${d.schema}.${d.renamedFrom} to ${d.name}`,
          sql: `ALTER TYPE ${quoteQualified(d.schema, d.renamedFrom)} RENAME TO ${quoteIdent(d.name)}`,
          lock: "none",
          drops: [enumKey(d.schema, d.renamedFrom)],
          creates: [enumKey(d.schema, d.name)],
          rename: { from: enumKey(d.schema, d.renamedFrom), to: enumKey(d.schema, d.name) },
        });
        const before = quoteQualified(d.schema, d.renamedFrom);
        const after = quoteQualified(d.schema, d.name);
        old.name = d.name;
        for (const t of live.tables) {
          for (const c of t.columns) {
            if (c.type === before || c.type === `${before}[]`) c.type = c.type.replace(before, after);
            if (c.default !== null) c.default = c.default.split(`::${before}`).join(`::${after}`);
          }
        }
      }
    }
    const current = find(d.name);
    if (!current) continue;
    for (const [to, from] of Object.entries(d.renamedValues)) {
      if (current.values.includes(to) || !current.values.includes(from)) continue;
      plan.add(Phase.enumRenames, {
        objectKey: enumKey(d.schema, d.name),
        description: `rename value ${from} of enum ${d.schema}.${d.name} to ${to}`,
        sql: `ALTER TYPE ${quoteQualified(d.schema, d.name)} RENAME VALUE ${quoteLiteral(from)} TO ${quoteLiteral(to)}`,
        lock: "none",
        creates: [enumKey(d.schema, d.name)],
      });
      current.values = current.values.map((v) => (v === from ? to : v));
      const typeName = quoteQualified(d.schema, d.name);
      for (const t of live.tables) {
        for (const c of t.columns) {
          if (c.default !== null)
            c.default = c.default
              .split(`${quoteLiteral(from)}::${typeName}`)
              .join(`${quoteLiteral(to)}::${typeName}`);
        }
      }
    }
  }

  const liveTables = new Map(live.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  for (const d of desired.tables) {
    const find = (name: string) => liveTables.get(`${d.schema}.${name}`);
    if (d.renamedFrom !== null && !find(d.name)) {
      const old = find(d.renamedFrom);
      if (old) {
        plan.add(Phase.renameTables, {
          objectKey: tableKey(d.schema, d.name),
          description: `rename table ${d.schema}.${d.renamedFrom} to ${d.name}`,
          sql: `ALTER TABLE ${quoteQualified(d.schema, d.renamedFrom)} RENAME TO ${quoteIdent(d.name)}`,
          lock: "ACCESS EXCLUSIVE",
          lockTarget: `${d.schema}.${d.renamedFrom}`,
          drops: [tableKey(d.schema, d.renamedFrom)],
          creates: [tableKey(d.schema, d.name)],
          rename: { from: tableKey(d.schema, d.renamedFrom), to: tableKey(d.schema, d.name) },
        });
        old.name = d.name;
        liveTables.delete(`${d.schema}.${d.renamedFrom}`);
        liveTables.set(`${d.schema}.${d.name}`, old);
        for (const t of live.tables) {
          for (const k of t.constraints) {
            if (
              k.kind === "foreignKey" &&
              k.references.schema === d.schema &&
              k.references.table === d.renamedFrom
            ) {
              k.references.table = d.name;
            }
          }
        }
      }
    }
    const table = find(d.name);
    if (!table) continue;
    for (const c of d.columns) {
      if (c.renamedFrom === null || table.columns.some((x) => x.name === c.name)) continue;
      if (!table.columns.some((x) => x.name === c.renamedFrom)) continue;
      plan.add(Phase.renameColumns, {
        objectKey: columnKey(d.schema, d.name, c.name),
        description: `rename column ${c.renamedFrom} of ${d.schema}.${d.name} to ${c.name}`,
        sql: `ALTER TABLE ${quoteQualified(d.schema, d.name)} RENAME COLUMN ${quoteIdent(c.renamedFrom)} TO ${quoteIdent(c.name)}`,
        lock: "ACCESS EXCLUSIVE",
        lockTarget: `${d.schema}.${d.name}`,
        drops: [columnKey(d.schema, d.name, c.renamedFrom)],
        creates: [columnKey(d.schema, d.name, c.name)],
        needs: [tableKey(d.schema, d.name)],
        rename: { from: columnKey(d.schema, d.name, c.renamedFrom), to: columnKey(d.schema, d.name, c.name) },
      });
      renameColumnInTable(table, c.renamedFrom, c.name);
      for (const t of live.tables) {
        for (const k of t.constraints) {
          if (k.kind === "foreignKey" && k.references.schema === d.schema && k.references.table === d.name) {
            k.references.columns = k.references.columns.map((n) => (n === c.renamedFrom ? c.name : n));
          }
        }
      }
    }
  }
  return live;
}
