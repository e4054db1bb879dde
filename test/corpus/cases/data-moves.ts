// Data moves (issue 18): backfills, USING conversions and one-off migrations, each from a table
// with rows. Golden plans show where the planner puts them among the schema steps.
import type { TableDeclaration } from "../../../core/model/declaration";
import { Columns, CorpusCase, spec, tableChange, withId } from "../corpus-case";

const uuidTable = (columns: Columns): TableDeclaration => ({
  columns: { id: { type: "uuid", primaryKey: true }, title: { type: "text" }, ...columns },
});
const uuidRows = {
  t: [
    { id: "00000000-0000-0000-0000-000000000001", title: "a" },
    { id: "10000000-0000-0000-0000-000000000002", title: null },
  ],
};

export const dataMoveCases: CorpusCase[] = [
  tableChange(
    "add NOT NULL column backfilled from the id (the field notes' example)",
    uuidTable({}),
    uuidTable({ name: { type: "text", nullable: false, backfill: "'Campaign ' || left(id::text, 8)" } }),
    { rows: uuidRows },
  ),
  tableChange(
    "add nullable column backfilled in small batches",
    withId({ a: { type: "text" } }),
    withId({ a: { type: "text" }, b: { type: "text", backfill: { expression: "upper(a)", batchSize: 1 } } }),
  ),
  tableChange(
    "backfill an existing nullable column and make it NOT NULL",
    uuidTable({ name: { type: "text" } }),
    uuidTable({ name: { type: "text", nullable: false, backfill: "coalesce(title, 'untitled')" } }),
    { rows: uuidRows },
  ),
  tableChange(
    "backfilled NOT NULL column with a unique constraint",
    withId({ a: { type: "text" } }),
    withId({
      a: { type: "text" },
      slug: { type: "text", nullable: false, unique: true, backfill: "'slug-' || id" },
    }),
  ),
  tableChange(
    "text to integer with a declared USING",
    withId({ code: { type: "text" } }),
    withId({ code: { type: "integer", using: "nullif(code, '')::integer" } }),
    { rows: { t: [{ code: "12" }, { code: "" }, { code: null }] } },
  ),
  tableChange(
    "varchar to text with USING the column itself (no rewrite)",
    withId({ code: { type: "varchar(20)" } }),
    withId({ code: { type: "text", using: "code" } }),
  ),
  {
    name: "one-off migration between the new column and the drop of the old one",
    old: spec({ claims: withId({ claim_text: { type: "text" } }) }),
    new: {
      ...spec({ claims: withId({ claim: { type: "text" } }) }),
      migrations: {
        "2026-12-copy-claims": {
          sql: "UPDATE public.claims SET claim = claim_text",
          after: { table: "claims", column: "claim" },
          before: { table: "claims", column: "claim_text" },
        },
      },
    },
    destructive: true,
  },
];
