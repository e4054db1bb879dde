// Generated schemas for the benchmark: N tables of 15 columns, 3 indexes and 1 foreign key each.
import type { SchemaSpec, TableDeclaration } from "../../core/model/declaration";

export function generateSchema(tables: number): SchemaSpec {
  const decls: Record<string, TableDeclaration> = {};
  for (let i = 0; i < tables; i++) {
    const name = `t${String(i).padStart(4, "0")}`;
    const parent = `t${String(Math.max(0, i - 1)).padStart(4, "0")}`;
    decls[name] = {
      columns: {
        id: { type: "bigint", identity: "by default", primaryKey: true },
        parent_id: { type: "bigint" },
        name: { type: "text", nullable: false },
        email: { type: "character varying(200)" },
        status: { type: "text", default: "'new'::text", nullable: false },
        amount: { type: "numeric(12,2)" },
        qty: { type: "integer", default: "0" },
        flag: { type: "boolean", default: "false", nullable: false },
        created_at: { type: "timestamp with time zone", default: "now()", nullable: false },
        updated_at: { type: "timestamp with time zone" },
        doc: { type: "jsonb" },
        tags: { type: "text[]" },
        ref: { type: "uuid" },
        note: { type: "text", comment: "free text" },
        score: { type: "double precision" },
      },
      constraints: {
        [`${name}_parent_fkey`]: {
          type: "foreignKey",
          columns: ["parent_id"],
          references: { table: i === 0 ? name : parent, columns: ["id"] },
        },
      },
      indexes: {
        [`${name}_name_idx`]: { columns: ["name"] },
        [`${name}_created_idx`]: { columns: [{ column: "created_at", order: "desc" }] },
        [`${name}_email_lower_idx`]: {
          columns: [{ expression: "lower((email)::text)" }],
          where: "(email IS NOT NULL)",
        },
      },
    };
  }
  return { schemas: { public: { tables: decls } } };
}
