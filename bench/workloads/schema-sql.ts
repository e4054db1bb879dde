// The workload-1 schema: bench/core's generated tables plus some enums, and plain DDL for it, so
// every tool gets exactly the same desired SQL file and the same live database.
import type { SchemaSpec, TableDeclaration } from "../../core/model/declaration";
import { generateSchema } from "../core/generate";

const enumNames = ["e_state0", "e_state1", "e_state2", "e_state3", "e_state4"];

/** N tables (15 columns, 3 indexes, 1 FK each); every 4th table also has an enum column. */
export function benchSchema(tables: number): SchemaSpec {
  const spec = generateSchema(tables);
  const pub = spec.schemas.public;
  pub.enums = Object.fromEntries(enumNames.map((e) => [e, ["draft", "active", "archived"]]));
  Object.keys(pub.tables ?? {}).forEach((name, i) => {
    if (i % 4 === 0) pub.tables![name].columns.state = { type: enumNames[i % enumNames.length] };
  });
  return spec;
}

/** The change set: every 10th table gets a new column, a new index and a changed default. */
export function changedSchema(tables: number): SchemaSpec {
  const spec = benchSchema(tables);
  Object.entries(spec.schemas.public.tables ?? {}).forEach(([name, t], i) => {
    if (i % 10 !== 0) return;
    t.columns.extra = { type: "text" };
    t.columns.qty = { ...t.columns.qty, default: "1" };
    t.indexes = { ...t.indexes, [`${name}_qty_idx`]: { columns: ["qty"] } };
  });
  return spec;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Plain DDL for the shapes the generator uses (throws on anything else, so it cannot drift silently). */
export function specToSql(spec: SchemaSpec): string {
  const out: string[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas)) {
    if (schema !== "public") throw new Error("specToSql: only the public schema");
    for (const [name, decl] of Object.entries(ns.enums ?? {})) {
      if (!Array.isArray(decl)) throw new Error("specToSql: enum objects are not generated");
      out.push(`CREATE TYPE ${q(name)} AS ENUM (${decl.map((v) => `'${v}'`).join(", ")});`);
    }
    const tables = Object.entries(ns.tables ?? {}) as [string, TableDeclaration][];
    for (const [name, t] of tables) {
      const cols: string[] = [];
      const pk: string[] = [];
      const comments: string[] = [];
      for (const [col, c] of Object.entries(t.columns)) {
        let def = `${q(col)} ${c.type}`;
        if (c.identity) def += ` GENERATED ${c.identity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
        if (c.default !== undefined) def += ` DEFAULT ${c.default}`;
        if (c.nullable === false || c.primaryKey || c.identity) def += " NOT NULL";
        if (c.primaryKey) pk.push(col);
        if (c.comment)
          comments.push(`COMMENT ON COLUMN ${q(name)}.${q(col)} IS '${c.comment.replace(/'/g, "''")}';`);
        cols.push(def);
      }
      if (pk.length) cols.push(`CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY (${pk.map(q).join(", ")})`);
      out.push(`CREATE TABLE ${q(name)} (\n  ${cols.join(",\n  ")}\n);`, ...comments);
      for (const [idx, ix] of Object.entries(t.indexes ?? {})) {
        const keys = ix.columns.map((k) => {
          if (typeof k === "string") return q(k);
          if (k.expression) return `(${k.expression})`;
          if (!k.column) throw new Error("specToSql: index key without column");
          return `${q(k.column)}${k.order === "desc" ? " DESC" : ""}`;
        });
        out.push(
          `CREATE ${ix.unique ? "UNIQUE " : ""}INDEX ${q(idx)} ON ${q(name)} (${keys.join(", ")})${ix.where ? ` WHERE ${ix.where}` : ""};`,
        );
      }
    }
    for (const [name, t] of tables) {
      for (const [con, c] of Object.entries(t.constraints ?? {})) {
        if (c.type !== "foreignKey") throw new Error(`specToSql: constraint type ${c.type} is not generated`);
        out.push(
          `ALTER TABLE ${q(name)} ADD CONSTRAINT ${q(con)} FOREIGN KEY (${c.columns.map(q).join(", ")}) REFERENCES ${q(c.references.table)} (${c.references.columns.map(q).join(", ")});`,
        );
      }
    }
  }
  return out.join("\n") + "\n";
}
