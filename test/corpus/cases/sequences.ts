// Sequences and serial columns (issue 15): serial/bigserial/smallserial as users write them,
// standalone sequences with options and owners, changes that keep the current value, drops.
import type { SchemaSpec, SequenceDeclaration, TableDeclaration } from "../../../core/model/declaration";
import type { CorpusCase } from "../corpus-case";

const pub = (
  tables: Record<string, TableDeclaration> = {},
  sequences: Record<string, SequenceDeclaration> = {},
): SchemaSpec => ({ schemas: { public: { tables, sequences } } });

const employees = (idType: string, more: TableDeclaration["columns"] = {}): TableDeclaration => ({
  columns: { employee_id: { type: idType, primaryKey: true }, name: { type: "text" }, ...more },
});

export const sequenceCases: CorpusCase[] = [
  {
    name: "create a table with a serial key",
    old: pub(),
    new: pub({ employees: employees("serial") }),
  },
  {
    name: "create a table with bigserial and smallserial columns",
    old: pub(),
    new: pub({
      orders: {
        columns: { id: { type: "bigserial", primaryKey: true }, line: { type: "smallserial" } },
      },
    }),
  },
  {
    name: "create a standalone sequence with options",
    old: pub(),
    new: pub(
      {},
      { invoice_numbers: { type: "integer", start: 1000, increment: 10, cache: 20, maxValue: 99999 } },
    ),
  },
  {
    name: "change a sequence's increment and cache, keeping its current value",
    old: pub({}, { counter: { increment: 1 } }),
    new: pub({}, { counter: { increment: 5, cache: 50 } }),
  },
  {
    name: "change a sequence's bounds and make it cycle",
    old: pub({}, { ticket: { type: "integer" } }),
    new: pub({}, { ticket: { type: "integer", minValue: 1, maxValue: 500, cycle: true } }),
  },
  {
    name: "change a sequence's type from bigint to integer",
    old: pub({}, { counter: {} }),
    new: pub({}, { counter: { type: "integer" } }),
  },
  {
    name: "comment on a sequence",
    old: pub({}, { counter: {} }),
    new: pub({}, { counter: { comment: "hands out order numbers" } }),
  },
  {
    name: "drop a standalone sequence",
    old: pub({}, { counter: {} }),
    new: pub(),
    destructive: true,
  },
  {
    name: "drop a table with a serial key",
    old: pub({ employees: employees("serial"), keep: employees("bigint") }),
    new: pub({ keep: employees("bigint") }),
    destructive: true,
  },
  {
    name: "serial key becomes bigserial",
    old: pub({ employees: employees("serial") }),
    new: pub({ employees: employees("bigserial") }),
  },
  {
    name: "integer key becomes serial and starts after the existing rows",
    old: pub({ employees: employees("integer") }),
    new: pub({ employees: employees("serial") }),
    rows: {
      employees: [
        { employee_id: 7, name: "a" },
        { employee_id: 42, name: "b" },
      ],
    },
  },
  {
    name: "serial key becomes a plain integer",
    old: pub({ employees: employees("serial") }),
    new: pub({ employees: employees("integer") }),
    destructive: true,
  },
  {
    name: "rename a table with a serial key: its sequence follows",
    old: pub({ employees: employees("bigserial") }),
    new: pub({ staff: { ...employees("bigserial"), renamedFrom: "employees" } }),
  },
  {
    name: "rename a serial column: its sequence follows",
    old: pub({ employees: employees("serial") }),
    new: pub({
      employees: {
        columns: {
          id: { type: "serial", primaryKey: true, renamedFrom: "employee_id" },
          name: { type: "text" },
        },
      },
    }),
  },
  {
    name: "rename a table and its serial column together: the sequence is renamed once",
    old: pub({ employees: employees("bigserial") }),
    new: pub({
      staff: {
        renamedFrom: "employees",
        columns: {
          id: { type: "bigserial", primaryKey: true, renamedFrom: "employee_id" },
          name: { type: "text" },
        },
      },
    }),
  },
  {
    name: "rename a standalone sequence, keeping its current value",
    old: pub({}, { counter: { start: 100 } }),
    new: pub({}, { tickets: { start: 100, renamedFrom: "counter" } }),
  },
  {
    name: "rename a sequence a column default uses: the default follows it",
    old: pub(
      {
        t: {
          columns: { id: { type: "bigint", primaryKey: true, default: "nextval('public.t_ids'::regclass)" } },
        },
      },
      { t_ids: {} },
    ),
    new: pub(
      {
        t: {
          columns: { id: { type: "bigint", primaryKey: true, default: "nextval('public.ids'::regclass)" } },
        },
      },
      { ids: { renamedFrom: "t_ids" } },
    ),
  },
  {
    name: "rename a sequence and change its increment",
    old: pub({}, { counter: {} }),
    new: pub({}, { tickets: { increment: 5, renamedFrom: "counter" } }),
  },
  {
    name: "a standalone sequence becomes owned by a column, then the column default uses it",
    old: pub({ t: { columns: { id: { type: "bigint", primaryKey: true } } } }, { t_ids: {} }),
    new: pub(
      {
        t: {
          columns: { id: { type: "bigint", primaryKey: true, default: "nextval('public.t_ids'::regclass)" } },
        },
      },
      { t_ids: { ownedBy: { table: "t", column: "id" } } },
    ),
  },
  {
    name: "a sequence no longer owned by a column",
    old: pub(
      { t: { columns: { id: { type: "bigint", primaryKey: true } } } },
      { t_ids: { ownedBy: { table: "t", column: "id" } } },
    ),
    new: pub({ t: { columns: { id: { type: "bigint", primaryKey: true } } } }, { t_ids: {} }),
  },
  {
    name: "drop a sequence a column default uses: the default goes first",
    old: pub(
      {
        t: {
          columns: { id: { type: "bigint", primaryKey: true, default: "nextval('public.t_ids'::regclass)" } },
        },
      },
      { t_ids: {} },
    ),
    new: pub({ t: { columns: { id: { type: "bigint", primaryKey: true } } } }),
    destructive: true,
  },
  {
    name: "serial key in another schema",
    old: pub(),
    new: { schemas: { public: {}, hr: { tables: { employees: employees("bigserial") } } } },
  },
  {
    name: "serial column of a table with a long name: the sequence name is cut as Postgres cuts it",
    old: pub(),
    new: pub({
      ["t".repeat(40) + "_with_a_very_long_name"]: {
        columns: { id: { type: "serial" }, another_serial_column: { type: "serial" } },
      },
    }),
  },
  {
    name: "descending sequence",
    old: pub(),
    new: pub({}, { countdown: { type: "integer", increment: -1 } }),
  },
  {
    // Fuzz seeds 2816 and 20037: Postgres refused to keep the current value (-1) under MINVALUE 1.
    name: "turn a descending sequence that never handed out a value ascending: it starts over at 1",
    old: pub({}, { countdown: { type: "integer", increment: -1 } }),
    new: pub({}, { countdown: { type: "integer" } }),
  },
  {
    name: "turn an ascending sequence that never handed out a value descending: it starts over at -1",
    old: pub({}, { countup: { type: "integer" } }),
    new: pub({}, { countup: { type: "integer", increment: -1 } }),
  },
];
