import type { IndexDeclaration, TableDeclaration } from "../../../core/model";
import { CorpusCase, tableChange, withId } from "../corpus-case";

const table = (indexes: Record<string, IndexDeclaration> = {}): TableDeclaration =>
  withId(
    {
      email: { type: "text" },
      name: { type: "character varying(50)" },
      tags: { type: "text[]" },
      doc: { type: "jsonb" },
      created: { type: "timestamp with time zone" },
      addr: { type: "inet" },
      deleted_at: { type: "timestamp with time zone" },
      score: { type: "integer" },
    },
    { indexes },
  );

const created: Array<[string, IndexDeclaration]> = [
  ["btree on one column", { columns: ["email"] }],
  ["btree on two columns", { columns: ["email", "score"] }],
  ["unique btree", { columns: ["email"], unique: true }],
  ["unique nulls not distinct", { columns: ["email"], unique: true, nullsNotDistinct: true }],
  ["hash", { columns: ["email"], method: "hash" }],
  ["gin on an array", { columns: ["tags"], method: "gin" }],
  ["gin on jsonb", { columns: ["doc"], method: "gin" }],
  ["gin jsonb_path_ops", { columns: [{ column: "doc", opclass: "jsonb_path_ops" }], method: "gin" }],
  ["gist on inet", { columns: [{ column: "addr", opclass: "inet_ops" }], method: "gist" }],
  ["brin on a timestamp", { columns: ["created"], method: "brin" }],
  ["expression lower(email)", { columns: [{ expression: "lower(email)" }] }],
  ["unique expression", { columns: [{ expression: "lower(email)" }], unique: true }],
  ["partial", { columns: ["email"], where: "(deleted_at IS NULL)" }],
  ["include", { columns: ["email"], include: ["name", "score"] }],
  ["desc", { columns: [{ column: "created", order: "desc" }] }],
  ["desc nulls last", { columns: [{ column: "created", order: "desc", nulls: "last" }] }],
  ["asc nulls first", { columns: [{ column: "score", nulls: "first" }] }],
  ["text_pattern_ops", { columns: [{ column: "email", opclass: "text_pattern_ops" }] }],
  ["varchar_pattern_ops", { columns: [{ column: "name", opclass: "varchar_pattern_ops" }] }],
  ["collation on a key", { columns: [{ column: "email", collation: "C" }] }],
  [
    "mixed keys and expression",
    { columns: ["score", { expression: "lower(email)" }, { column: "created", order: "desc" }] },
  ],
  [
    "partial unique with include",
    { columns: ["email"], unique: true, include: ["score"], where: "(score > 0)" },
  ],
];

export const indexCases: CorpusCase[] = [
  ...created.map(([name, index]) => tableChange(`create index: ${name}`, table(), table({ t_idx: index }))),
  ...created
    .slice(0, 6)
    .map(([name, index]) => tableChange(`drop index: ${name}`, table({ t_idx: index }), table())),
  tableChange(
    "change index columns",
    table({ t_idx: { columns: ["email"] } }),
    table({ t_idx: { columns: ["email", "score"] } }),
  ),
  tableChange(
    "change index method",
    table({ t_idx: { columns: ["email"] } }),
    table({ t_idx: { columns: ["email"], method: "hash" } }),
  ),
  tableChange(
    "index becomes unique",
    table({ t_idx: { columns: ["email"] } }),
    table({ t_idx: { columns: ["email"], unique: true } }),
  ),
  tableChange(
    "index becomes partial",
    table({ t_idx: { columns: ["email"] } }),
    table({ t_idx: { columns: ["email"], where: "(score > 0)" } }),
  ),
  tableChange(
    "rename an index",
    table({ a_idx: { columns: ["email"] } }),
    table({ b_idx: { columns: ["email"] } }),
  ),
  tableChange(
    "several indexes at once",
    table({ a: { columns: ["email"] } }),
    table({
      b: { columns: ["score"] },
      c: { columns: ["tags"], method: "gin" },
      d: { columns: ["created"], method: "brin" },
    }),
  ),
];
