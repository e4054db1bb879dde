import type { TableDeclaration } from "../../../core/model";
import { Columns, CorpusCase, spec, withId } from "../corpus-case";

const users: TableDeclaration = withId(
  { email: { type: "text", nullable: false } },
  { indexes: { users_email_idx: { columns: ["email"] } } },
);
const posts = (usersTable = "users"): TableDeclaration =>
  withId(
    { user_id: { type: "bigint" }, body: { type: "text" } },
    {
      constraints: {
        posts_user_fkey: {
          type: "foreignKey",
          columns: ["user_id"],
          references: { table: usersTable, columns: ["id"] },
          onDelete: "cascade",
        },
      },
    },
  );

/** `columns` references `table`(id) through a foreign key named `name`. */
const referencing = (name: string, column: string, table: string, columns: Columns = {}): TableDeclaration =>
  withId(
    { [column]: { type: "bigint" }, ...columns },
    {
      constraints: {
        [name]: { type: "foreignKey", columns: [column], references: { table, columns: ["id"] } },
      },
    },
  );
const chain = {
  chain_a: withId({ v: { type: "text" } }),
  chain_b: referencing("chain_b_a_fkey", "a_id", "chain_a"),
  chain_c: referencing("chain_c_b_fkey", "b_id", "chain_b"),
};
/** Two tables referencing each other: a foreign-key cycle (rows hold NULL references: either table may be filled first). */
const cycle = (x: string, y: string) => ({
  [x]: referencing(`${x}_${y}_fkey`, `${y}_id`, y),
  [y]: referencing(`${y}_${x}_fkey`, `${x}_id`, x),
});
const cycleRows = (x: string, y: string) => ({
  [x]: [{ id: 1, [`${y}_id`]: null }],
  [y]: [{ id: 1, [`${x}_id`]: null }],
});

/** Plans that only a dependency order gets right (issue 14); each also has a golden plan. */
export const dependencyCases: CorpusCase[] = [
  {
    // Names sort the wrong way on purpose: alphabetical or declaration order would drop accounts first.
    name: "drop two tables where one references the other",
    old: spec({
      accounts: withId({}),
      orders: referencing("orders_account_id_fkey", "account_id", "accounts"),
    }),
    new: spec({}),
    destructive: true,
  },
  { name: "create a three-table chain", old: spec({}), new: spec(chain) },
  { name: "drop a three-table chain", old: spec(chain), new: spec({}), destructive: true },
  {
    name: "drop a table with the table referencing it while a third keeps referencing a column that stays",
    old: spec({
      accounts: withId({ code: { type: "text" } }),
      orders: referencing("orders_account_id_fkey", "account_id", "accounts"),
      order_lines: referencing("order_lines_order_id_fkey", "order_id", "orders"),
      invoices: referencing("invoices_account_id_fkey", "account_id", "accounts"),
    }),
    new: spec({
      accounts: withId({}),
      invoices: referencing("invoices_account_id_fkey", "account_id", "accounts"),
    }),
    destructive: true,
  },
  { name: "create a foreign-key cycle", old: spec({}), new: spec(cycle("cyc_x", "cyc_y")) },
  {
    name: "drop a foreign-key cycle",
    old: spec(cycle("cyc_x", "cyc_y")),
    new: spec({}),
    rows: cycleRows("cyc_x", "cyc_y"),
    destructive: true,
  },
  {
    name: "drop a foreign-key cycle and create another in one plan",
    old: spec(cycle("cyc_x", "cyc_y")),
    new: spec(cycle("cyc_p", "cyc_q")),
    rows: cycleRows("cyc_x", "cyc_y"),
    destructive: true,
  },
];

export const tableCases: CorpusCase[] = [
  { name: "create the first table", old: spec({}), new: spec({ users }) },
  {
    name: "create a table with a foreign key to an existing one",
    old: spec({ users }),
    new: spec({ users, posts: posts() }),
  },
  {
    name: "create two tables referencing each other's keys in one plan",
    old: spec({}),
    new: spec({ users, posts: posts() }),
  },
  {
    name: "drop a table",
    old: spec({ users, other: withId({ v: { type: "text" } }) }),
    new: spec({ users }),
    destructive: true,
  },
  {
    name: "drop a referenced table with its referencing foreign key",
    old: spec({ users, posts: posts() }),
    new: spec({ posts: withId({ user_id: { type: "bigint" }, body: { type: "text" } }) }),
    destructive: true,
  },
  { name: "rename a table", old: spec({ users }), new: spec({ people: { ...users, renamedFrom: "users" } }) },
  {
    name: "rename a referenced table (FKs follow)",
    old: spec({ users, posts: posts() }),
    new: spec({ people: { ...users, renamedFrom: "users" }, posts: posts("people") }),
  },
  {
    name: "rename a table and one of its columns",
    old: spec({ users }),
    new: spec({
      people: withId(
        { mail: { type: "text", nullable: false, renamedFrom: "email" } },
        { renamedFrom: "users", indexes: { users_email_idx: { columns: ["mail"] } } },
      ),
    }),
  },
  {
    name: "rename a column that has an index and a check",
    old: spec({
      t: withId(
        { v: { type: "integer" } },
        {
          indexes: { t_v: { columns: ["v"] } },
          constraints: { t_v_pos: { type: "check", expression: "(v > 0)" } },
        },
      ),
    }),
    new: spec({
      t: withId(
        { w: { type: "integer", renamedFrom: "v" } },
        {
          indexes: { t_v: { columns: ["w"] } },
          constraints: { t_v_pos: { type: "check", expression: "(w > 0)" } },
        },
      ),
    }),
    rows: { t: [{ v: 1 }] },
  },
  {
    name: "rename a column referenced by a foreign key",
    old: spec({
      p: { columns: { code: { type: "text", primaryKey: true } } },
      c: withId(
        { code: { type: "text" } },
        {
          constraints: {
            c_fk: { type: "foreignKey", columns: ["code"], references: { table: "p", columns: ["code"] } },
          },
        },
      ),
    }),
    new: spec({
      p: { columns: { key: { type: "text", primaryKey: true, renamedFrom: "code" } } },
      c: withId(
        { code: { type: "text" } },
        {
          constraints: {
            c_fk: { type: "foreignKey", columns: ["code"], references: { table: "p", columns: ["key"] } },
          },
        },
      ),
    }),
    rows: { p: [{ code: "a" }], c: [{ code: "a" }] },
  },
  { name: "make a table unlogged", old: spec({ users }), new: spec({ users: { ...users, unlogged: true } }) },
  {
    name: "make an unlogged table logged",
    old: spec({ users: { ...users, unlogged: true } }),
    new: spec({ users }),
  },
  {
    name: "create an unlogged table",
    old: spec({}),
    new: spec({
      cache: { columns: { k: { type: "text", primaryKey: true }, v: { type: "jsonb" } }, unlogged: true },
    }),
  },
  {
    name: "add a table comment",
    old: spec({ users }),
    new: spec({ users: { ...users, comment: "people who sign in" } }),
  },
  {
    name: "change a table comment",
    old: spec({ users: { ...users, comment: "a" } }),
    new: spec({ users: { ...users, comment: "it's b" } }),
  },
  { name: "drop a table comment", old: spec({ users: { ...users, comment: "a" } }), new: spec({ users }) },
  {
    name: "table in a new schema",
    old: spec({ users }),
    new: spec(
      { users },
      {},
      { billing: { tables: { invoices: withId({ total: { type: "numeric(12,2)" } }) } } },
    ),
  },
  {
    name: "cross-schema foreign key",
    old: spec({ users }, {}, { billing: { tables: { invoices: withId({ user_id: { type: "bigint" } }) } } }),
    new: spec(
      { users },
      {},
      {
        billing: {
          tables: {
            invoices: withId(
              { user_id: { type: "bigint" } },
              {
                constraints: {
                  inv_user: {
                    type: "foreignKey",
                    columns: ["user_id"],
                    references: { schema: "public", table: "users", columns: ["id"] },
                  },
                },
              },
            ),
          },
        },
      },
    ),
    rows: { users: [{ email: "a" }], "billing.invoices": [{ user_id: 1 }] },
  },
  {
    name: "same table in two schemas",
    old: spec({ users }),
    new: spec({ users }, {}, { archive: { tables: { users } } }),
  },
  {
    name: "quoted identifiers: spaces, capitals, keywords",
    old: spec({}),
    new: spec({
      "User Accounts": {
        columns: {
          ID: { type: "integer", primaryKey: true },
          select: { type: "text" },
          "e-mail": { type: "text" },
        },
        indexes: { "User Accounts select": { columns: ["select"] } },
      },
      order: withId(
        { user: { type: "integer" }, group: { type: "text" } },
        {
          constraints: {
            order_user_fkey: {
              type: "foreignKey",
              columns: ["user"],
              references: { table: "User Accounts", columns: ["ID"] },
            },
          },
        },
      ),
    }),
  },
  {
    name: "rename a quoted table and column",
    old: spec({ "Old Name": { columns: { "Col A": { type: "text" } } } }),
    new: spec({
      "New Name": { columns: { "Col B": { type: "text", renamedFrom: "Col A" } }, renamedFrom: "Old Name" },
    }),
  },
  {
    name: "unicode names and comments",
    old: spec({}),
    new: spec({ café: { columns: { naïve: { type: "text", comment: "ünïcødé ✓" } }, comment: "table ☕" } }),
  },
  {
    name: "comment with quotes and backslashes",
    old: spec({ users }),
    new: spec({ users: { ...users, comment: 'it\'s a \\path\\ and "quotes"' } }),
  },
  {
    name: "no-op: identical schemas",
    old: spec({ users, posts: posts() }),
    new: spec({ users, posts: posts() }),
  },
  {
    name: "no-op: declaration order differs",
    old: spec({ users, posts: posts() }),
    new: spec({ posts: posts(), users }),
  },
  ...dependencyCases,
];
