// What tables already had, completed (issue 15): index storage parameters, comments on indexes and
// constraints, CHECK ... NO INHERIT.
import type { IndexDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec, tableChange, withId } from "../corpus-case";

const t = (indexes: Record<string, IndexDeclaration> = {}, constraints = {}) =>
  withId({ a: { type: "integer" }, b: { type: "text" } }, { indexes, constraints });

export const tableDetailCases: CorpusCase[] = [
  tableChange(
    "create an index with fillfactor",
    t(),
    t({ t_a_idx: { columns: ["a"], with: { fillfactor: 70 } } }),
  ),
  tableChange(
    "change an index's fillfactor in place",
    t({ t_a_idx: { columns: ["a"], with: { fillfactor: 70 } } }),
    t({ t_a_idx: { columns: ["a"], with: { fillfactor: 90 } } }),
  ),
  tableChange(
    "reset an index's storage parameter",
    t({ t_a_idx: { columns: ["a"], with: { fillfactor: 70 } } }),
    t({ t_a_idx: { columns: ["a"] } }),
  ),
  tableChange(
    "gin index with fastupdate off",
    t(),
    t({
      t_b_gin: {
        columns: [{ expression: "to_tsvector('simple'::regconfig, b)" }],
        method: "gin",
        with: { fastupdate: "off" },
      },
    }),
  ),
  tableChange(
    "comment on an index",
    t({ t_a_idx: { columns: ["a"] } }),
    t({ t_a_idx: { columns: ["a"], comment: "for lookups by a" } }),
  ),
  tableChange(
    "remove an index comment",
    t({ t_a_idx: { columns: ["a"], comment: "old" } }),
    t({ t_a_idx: { columns: ["a"] } }),
  ),
  tableChange(
    "comment on a check constraint",
    t({}, { t_a_positive: { type: "check", expression: "(a > 0)" } }),
    t({}, { t_a_positive: { type: "check", expression: "(a > 0)", comment: "no negative amounts" } }),
  ),
  {
    name: "create a table with commented constraints",
    old: spec({}),
    new: spec({
      t: t(
        {},
        {
          t_b_key: { type: "unique", columns: ["b"], comment: "one row per b" },
          t_a_positive: { type: "check", expression: "(a > 0)", comment: "positive" },
        },
      ),
    }),
  },
  tableChange(
    "add a NO INHERIT check",
    t(),
    t({}, { t_a_positive: { type: "check", expression: "(a > 0)", noInherit: true } }),
  ),
  tableChange(
    "make a check NO INHERIT: rebuilt",
    t({}, { t_a_positive: { type: "check", expression: "(a > 0)" } }),
    t({}, { t_a_positive: { type: "check", expression: "(a > 0)", noInherit: true } }),
  ),
  {
    name: "index with fillfactor and a comment on a new table",
    old: spec({}),
    new: spec({ t: t({ t_a_idx: { columns: ["a"], with: { fillfactor: 50 }, comment: "half full" } }) }),
  },
];
