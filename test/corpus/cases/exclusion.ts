// Exclusion constraints (issue 15): created with the table, added to a live one (built under
// ACCESS EXCLUSIVE: Postgres has no NOT VALID form), changed (drop + add), dropped.
import type { ConstraintDeclaration, TableDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec, withId } from "../corpus-case";

const noOverlap: ConstraintDeclaration = {
  type: "exclusion",
  elements: [{ column: "during", operator: "&&" }],
};
const bookings = (
  constraints: Record<string, ConstraintDeclaration> = {},
  more: object = {},
): TableDeclaration =>
  withId(
    { during: { type: "tsrange" }, seats: { type: "int4range" }, active: { type: "boolean" }, ...more },
    { constraints },
  );
const rows = {
  t: [
    { during: "[2024-01-01 10:00, 2024-01-01 11:00)", seats: "[1,3)", active: true },
    { during: "[2024-01-01 11:00, 2024-01-01 12:00)", seats: "[3,5)", active: false },
  ],
};

export const exclusionCases: CorpusCase[] = [
  {
    name: "create a table with an exclusion constraint",
    old: spec({}),
    new: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    rows,
  },
  {
    name: "add an exclusion constraint to a live table",
    old: spec({ t: bookings() }),
    new: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    rows,
  },
  {
    name: "drop an exclusion constraint",
    old: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    new: spec({ t: bookings() }),
    rows,
  },
  {
    name: "exclusion constraint with two elements",
    old: spec({}),
    new: spec({
      t: bookings({
        t_no_overlap: {
          type: "exclusion",
          elements: [
            { column: "during", operator: "&&" },
            { column: "seats", operator: "&&" },
          ],
        },
      }),
    }),
    rows,
  },
  {
    name: "partial exclusion constraint",
    old: spec({}),
    new: spec({ t: bookings({ t_no_overlap: { ...noOverlap, where: "active" } }) }),
    rows,
  },
  {
    name: "change the predicate of an exclusion constraint (drop and add)",
    old: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    new: spec({ t: bookings({ t_no_overlap: { ...noOverlap, where: "active" } }) }),
    rows,
  },
  {
    name: "deferrable exclusion constraint",
    old: spec({ t: bookings() }),
    new: spec({ t: bookings({ t_no_overlap: { ...noOverlap, deferrable: true, initiallyDeferred: true } }) }),
    rows,
  },
  {
    name: "exclusion constraint on an expression",
    old: spec({}),
    new: spec({
      t: bookings({
        t_no_overlap: {
          type: "exclusion",
          elements: [{ expression: "tsrange(lower(during), upper(during))", operator: "&&" }],
        },
      }),
    }),
    rows,
  },
  {
    name: "rename a column an exclusion constraint uses",
    old: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    new: spec({
      t: withId(
        {
          slot: { type: "tsrange", renamedFrom: "during" },
          seats: { type: "int4range" },
          active: { type: "boolean" },
        },
        {
          constraints: {
            t_no_overlap: { type: "exclusion", elements: [{ column: "slot", operator: "&&" }] },
          },
        },
      ),
    }),
    rows,
  },
  {
    name: "drop a column and the exclusion constraint on it",
    old: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    new: spec({ t: withId({ seats: { type: "int4range" }, active: { type: "boolean" } }) }),
    rows,
    destructive: true,
  },
  {
    name: "drop a table with an exclusion constraint",
    old: spec({ t: bookings({ t_no_overlap: noOverlap }) }),
    new: spec({}),
    rows,
    destructive: true,
  },
];
