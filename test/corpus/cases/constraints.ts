import type { ConstraintDeclaration, ReferentialAction, TableDeclaration } from "../../../core/model";
import { CorpusCase, spec, tableChange, withId } from "../corpus-case";

const parent: TableDeclaration = withId(
  { code: { type: "text", nullable: false } },
  {
    constraints: { parent_code_key: { type: "unique", columns: ["code"] } },
  },
);
const child = (
  constraints: Record<string, ConstraintDeclaration> = {},
  nullableRef = true,
): TableDeclaration =>
  withId(
    { parent_id: { type: "bigint", nullable: nullableRef }, parent_code: { type: "text" } },
    { constraints },
  );
const fk = (
  more: Partial<Extract<ConstraintDeclaration, { type: "foreignKey" }>> = {},
): Extract<ConstraintDeclaration, { type: "foreignKey" }> => ({
  type: "foreignKey",
  columns: ["parent_id"],
  references: { table: "parent", columns: ["id"] },
  ...more,
});
const pair = (
  name: string,
  before: TableDeclaration,
  after: TableDeclaration,
  extra: Partial<CorpusCase> = {},
): CorpusCase => ({
  name,
  old: spec({ parent, child: before }),
  new: spec({ parent, child: after }),
  rows: {
    parent: [{ code: "a" }, { code: "b" }],
    child: [
      { parent_id: 1, parent_code: "a" },
      { parent_id: 2, parent_code: "b" },
    ],
  },
  ...extra,
});

const actions: ReferentialAction[] = ["cascade", "set null", "restrict", "no action", "set default"];

const foreignKeyCases: CorpusCase[] = [
  pair("add a foreign key (NOT VALID + VALIDATE)", child(), child({ child_parent_fkey: fk() })),
  pair("drop a foreign key", child({ child_parent_fkey: fk() }), child()),
  ...actions.map((a) =>
    pair(
      `foreign key on delete ${a}`,
      child({ child_parent_fkey: fk() }),
      child({ child_parent_fkey: fk({ onDelete: a }) }),
    ),
  ),
  ...actions
    .slice(0, 3)
    .map((a) =>
      pair(
        `foreign key on update ${a}`,
        child({ child_parent_fkey: fk() }),
        child({ child_parent_fkey: fk({ onUpdate: a }) }),
      ),
    ),
  pair(
    "foreign key becomes deferrable",
    child({ child_parent_fkey: fk() }),
    child({ child_parent_fkey: fk({ deferrable: true }) }),
  ),
  pair(
    "foreign key becomes initially deferred",
    child({ child_parent_fkey: fk({ deferrable: true }) }),
    child({ child_parent_fkey: fk({ deferrable: true, initiallyDeferred: true }) }),
  ),
  pair(
    "foreign key to a unique constraint",
    child(),
    child({
      child_code_fkey: {
        type: "foreignKey",
        columns: ["parent_code"],
        references: { table: "parent", columns: ["code"] },
      },
    }),
  ),
  pair("rename a foreign key", child({ child_parent_fkey: fk() }), child({ child_parent_ref: fk() })),
  pair(
    "foreign key moves to another column",
    child({ child_parent_fkey: fk() }),
    child({
      child_parent_fkey: {
        type: "foreignKey",
        columns: ["parent_code"],
        references: { table: "parent", columns: ["code"] },
      },
    }),
  ),
];

const compositeParent: TableDeclaration = {
  columns: { a: { type: "integer" }, b: { type: "integer" } },
  constraints: { cp_pkey: { type: "primaryKey", columns: ["a", "b"] } },
};

const keyCases: CorpusCase[] = [
  tableChange(
    "add a primary key to a table without one",
    { columns: { id: { type: "bigint", nullable: false } } },
    { columns: { id: { type: "bigint", primaryKey: true } } },
    { rows: { t: [{ id: 1 }, { id: 2 }] } },
  ),
  tableChange(
    "add a primary key on a nullable column",
    { columns: { id: { type: "bigint" } } },
    { columns: { id: { type: "bigint", primaryKey: true } } },
    { rows: { t: [{ id: 1 }, { id: 2 }] } },
  ),
  tableChange(
    "change primary key columns",
    { columns: { a: { type: "integer", primaryKey: true }, b: { type: "integer", nullable: false } } },
    {
      columns: { a: { type: "integer", nullable: false }, b: { type: "integer", nullable: false } },
      constraints: { t_pkey: { type: "primaryKey", columns: ["a", "b"] } },
    },
    {
      rows: {
        t: [
          { a: 1, b: 1 },
          { a: 2, b: 1 },
        ],
      },
    },
  ),
  tableChange(
    "drop a primary key",
    { columns: { id: { type: "integer", primaryKey: true } } },
    { columns: { id: { type: "integer", nullable: false } } },
  ),
  tableChange(
    "add a unique constraint",
    withId({ v: { type: "text" } }),
    withId({ v: { type: "text", unique: true } }),
  ),
  tableChange(
    "add a multi-column unique constraint",
    withId({ v: { type: "text" }, w: { type: "integer" } }),
    withId(
      { v: { type: "text" }, w: { type: "integer" } },
      { constraints: { t_vw: { type: "unique", columns: ["v", "w"] } } },
    ),
  ),
  tableChange(
    "unique nulls not distinct",
    withId({ v: { type: "text" } }),
    withId(
      { v: { type: "text" } },
      { constraints: { t_v: { type: "unique", columns: ["v"], nullsNotDistinct: true } } },
    ),
  ),
  tableChange(
    "deferrable unique",
    withId({ v: { type: "text" } }),
    withId(
      { v: { type: "text" } },
      { constraints: { t_v: { type: "unique", columns: ["v"], deferrable: true } } },
    ),
  ),
  tableChange(
    "drop a unique constraint",
    withId({ v: { type: "text", unique: true } }),
    withId({ v: { type: "text" } }),
  ),
  tableChange(
    "rename a unique constraint",
    withId({ v: { type: "text" } }, { constraints: { a: { type: "unique", columns: ["v"] } } }),
    withId({ v: { type: "text" } }, { constraints: { b: { type: "unique", columns: ["v"] } } }),
  ),
  tableChange(
    "add a check",
    withId({ qty: { type: "integer" } }),
    withId(
      { qty: { type: "integer" } },
      { constraints: { qty_positive: { type: "check", expression: "(qty > 0)" } } },
    ),
    { rows: { t: [{ qty: 1 }, { qty: 5 }] } },
  ),
  tableChange(
    "change a check",
    withId({ qty: { type: "integer" } }, { constraints: { q: { type: "check", expression: "(qty > 0)" } } }),
    withId({ qty: { type: "integer" } }, { constraints: { q: { type: "check", expression: "(qty >= 0)" } } }),
    { rows: { t: [{ qty: 1 }] } },
  ),
  tableChange(
    "drop a check",
    withId({ qty: { type: "integer" } }, { constraints: { q: { type: "check", expression: "(qty > 0)" } } }),
    withId({ qty: { type: "integer" } }),
    { rows: { t: [{ qty: 1 }] } },
  ),
  tableChange(
    "check on text length",
    withId({ name: { type: "text" } }),
    withId(
      { name: { type: "text" } },
      { constraints: { name_len: { type: "check", expression: "(length(name) < 100)" } } },
    ),
  ),
  tableChange(
    "check on numeric",
    withId({ price: { type: "numeric(10,2)" } }),
    withId(
      { price: { type: "numeric(10,2)" } },
      { constraints: { price_pos: { type: "check", expression: "(price >= (0)::numeric)" } } },
    ),
    { rows: { t: [{ price: 1 }] } },
  ),
  tableChange(
    "check across columns",
    withId({ lo: { type: "integer" }, hi: { type: "integer" } }),
    withId(
      { lo: { type: "integer" }, hi: { type: "integer" } },
      { constraints: { range_ok: { type: "check", expression: "(lo <= hi)" } } },
    ),
    { rows: { t: [{ lo: 1, hi: 2 }] } },
  ),
  {
    name: "composite foreign key",
    old: spec({ cp: compositeParent, cc: withId({ a: { type: "integer" }, b: { type: "integer" } }) }),
    new: spec({
      cp: compositeParent,
      cc: withId(
        { a: { type: "integer" }, b: { type: "integer" } },
        {
          constraints: {
            cc_ab_fkey: {
              type: "foreignKey",
              columns: ["a", "b"],
              references: { table: "cp", columns: ["a", "b"] },
            },
          },
        },
      ),
    }),
    rows: { cp: [{ a: 1, b: 2 }], cc: [{ a: 1, b: 2 }] },
  },
  {
    name: "rebuild the unique key a foreign key references (FK dropped first, added after)",
    old: spec({
      p: withId({ v: { type: "text" } }, { constraints: { p_v_key: { type: "unique", columns: ["v"] } } }),
      c: withId(
        { p_v: { type: "text" } },
        {
          constraints: {
            c_p_fkey: { type: "foreignKey", columns: ["p_v"], references: { table: "p", columns: ["v"] } },
          },
        },
      ),
    }),
    new: spec({
      p: withId(
        { v: { type: "text" } },
        { constraints: { p_v_key: { type: "unique", columns: ["v"], nullsNotDistinct: true } } },
      ),
      c: withId(
        { p_v: { type: "text" } },
        {
          constraints: {
            c_p_fkey: { type: "foreignKey", columns: ["p_v"], references: { table: "p", columns: ["v"] } },
          },
        },
      ),
    }),
    rows: { p: [{ v: "x" }], c: [{ p_v: "x" }] },
  },
  {
    name: "rename a primary key constraint",
    old: spec({
      t: {
        columns: { id: { type: "integer" } },
        constraints: { old_pk: { type: "primaryKey", columns: ["id"] } },
      },
    }),
    new: spec({ t: { columns: { id: { type: "integer", primaryKey: true } } } }),
    rows: { t: [{ id: 1 }] },
  },
];

export const constraintCases: CorpusCase[] = [...foreignKeyCases, ...keyCases];
