import type { TableDeclaration } from "../../../core/model";
import { CorpusCase, spec, withId } from "../corpus-case";

const v1 = {
  users: withId({ email: { type: "text" }, name: { type: "character varying(50)" } }),
  orders: withId(
    {
      user_id: { type: "bigint" },
      total: { type: "numeric(10,2)" },
      status: { type: "text", default: "'new'::text" },
    },
    {
      constraints: {
        orders_user_fkey: {
          type: "foreignKey",
          columns: ["user_id"],
          references: { table: "users", columns: ["id"] },
        },
      },
    },
  ),
} satisfies Record<string, TableDeclaration>;

export const combinationCases: CorpusCase[] = [
  {
    name: "expand: new column, index and check on an existing table",
    old: spec(v1),
    new: spec({
      ...v1,
      users: withId(
        {
          email: { type: "text", nullable: false },
          name: { type: "character varying(100)" },
          active: { type: "boolean", nullable: false, default: "true" },
        },
        {
          indexes: { users_email_lower: { columns: [{ expression: "lower(email)" }], unique: true } },
          constraints: { users_email_check: { type: "check", expression: "(email <> ''::text)" } },
        },
      ),
    }),
    rows: {
      users: [
        { email: "a@x", name: "A" },
        { email: "b@x", name: "B" },
      ],
      orders: [{ user_id: 1, total: 3 }],
    },
  },
  {
    name: "status text -> enum with default, plus index on it",
    old: spec(v1),
    new: spec(
      {
        ...v1,
        orders: withId(
          {
            user_id: { type: "bigint" },
            total: { type: "numeric(10,2)" },
            status: { type: "public.order_status", default: "'new'::public.order_status", nullable: false },
          },
          {
            constraints: {
              orders_user_fkey: {
                type: "foreignKey",
                columns: ["user_id"],
                references: { table: "users", columns: ["id"] },
                onDelete: "cascade",
              },
            },
            indexes: { orders_status_idx: { columns: ["status"] } },
          },
        ),
      },
      { order_status: ["new", "paid", "shipped"] },
    ),
    rows: { users: [{ email: "a" }], orders: [{ user_id: 1, total: 1, status: "paid" }] },
  },
  {
    name: "rename column + change type + new index on it",
    old: spec(v1),
    new: spec({
      ...v1,
      users: withId(
        { email: { type: "text" }, full_name: { type: "text", renamedFrom: "name" } },
        { indexes: { users_full_name: { columns: ["full_name"] } } },
      ),
    }),
  },
  {
    name: "add a table and a foreign key from an existing table to it",
    old: spec(v1),
    new: spec({
      ...v1,
      teams: withId({ title: { type: "text" } }),
      users: withId(
        { email: { type: "text" }, name: { type: "character varying(50)" }, team_id: { type: "bigint" } },
        {
          constraints: {
            users_team_fkey: {
              type: "foreignKey",
              columns: ["team_id"],
              references: { table: "teams", columns: ["id"] },
              onDelete: "set null",
            },
          },
        },
      ),
    }),
  },
  {
    name: "contract: drop FK, column and table together",
    old: spec({ ...v1, audit: withId({ what: { type: "text" } }) }),
    new: spec({
      users: withId({ email: { type: "text" } }),
      orders: withId({ total: { type: "numeric(10,2)" }, status: { type: "text", default: "'new'::text" } }),
    }),
    destructive: true,
  },
  {
    name: "switch primary key to a new uuid column",
    old: spec({ items: { columns: { id: { type: "integer", primaryKey: true }, label: { type: "text" } } } }),
    new: spec({
      items: {
        columns: {
          id: { type: "integer", nullable: false },
          uid: { type: "uuid", nullable: false, default: "gen_random_uuid()" },
          label: { type: "text" },
        },
        constraints: {
          items_pkey: { type: "primaryKey", columns: ["uid"] },
          items_id_key: { type: "unique", columns: ["id"] },
        },
      },
    }),
    rows: { items: [{ id: 1 }, { id: 2 }] },
  },
  {
    name: "set NOT NULL on several columns with a check that uses them",
    old: spec({ t: withId({ a: { type: "integer" }, b: { type: "integer" } }) }),
    new: spec({
      t: withId(
        { a: { type: "integer", nullable: false }, b: { type: "integer", nullable: false } },
        { constraints: { ab: { type: "check", expression: "(a <= b)" } } },
      ),
    }),
    rows: { t: [{ a: 1, b: 2 }] },
  },
  {
    name: "everything from scratch (schemas, enums, tables, FKs, indexes, comments)",
    old: spec({}),
    new: spec(
      {
        ...v1,
        tags: { columns: { name: { type: "text", primaryKey: true } }, comment: "tags" },
        order_tags: {
          columns: { order_id: { type: "bigint" }, tag: { type: "text" } },
          constraints: {
            order_tags_pkey: { type: "primaryKey", columns: ["order_id", "tag"] },
            ot_order: {
              type: "foreignKey",
              columns: ["order_id"],
              references: { table: "orders", columns: ["id"] },
              onDelete: "cascade",
            },
            ot_tag: {
              type: "foreignKey",
              columns: ["tag"],
              references: { table: "tags", columns: ["name"] },
              onUpdate: "cascade",
            },
          },
          indexes: { order_tags_tag: { columns: ["tag"] } },
        },
      },
      { level: ["low", "high"] },
      {
        ops: {
          tables: {
            events: withId(
              { level: { type: "public.level" }, at: { type: "timestamp with time zone", default: "now()" } },
              { indexes: { events_at: { columns: ["at"], method: "brin" } } },
            ),
          },
        },
      },
    ),
  },
  {
    name: "everything dropped back to empty",
    old: spec({ ...v1 }, { level: ["a"] }),
    new: spec({}),
    destructive: true,
  },
  {
    name: "add NOT NULL column with default and make another nullable",
    old: spec({ t: withId({ a: { type: "text", nullable: false } }) }),
    new: spec({ t: withId({ a: { type: "text" }, b: { type: "integer", nullable: false, default: "0" } }) }),
  },
  {
    name: "change a column type that an index and a check use",
    old: spec({
      t: withId(
        { n: { type: "integer" } },
        {
          indexes: { t_n: { columns: ["n"] } },
          constraints: { t_n_pos: { type: "check", expression: "(n > 0)" } },
        },
      ),
    }),
    new: spec({
      t: withId(
        { n: { type: "bigint" } },
        {
          indexes: { t_n: { columns: ["n"] } },
          constraints: { t_n_pos: { type: "check", expression: "(n > 0)" } },
        },
      ),
    }),
    rows: { t: [{ n: 5 }] },
  },
  {
    name: "widen a referenced primary key and its foreign key column",
    old: spec({
      p: { columns: { id: { type: "integer", primaryKey: true } } },
      c: withId(
        { p_id: { type: "integer" } },
        {
          constraints: {
            c_p: { type: "foreignKey", columns: ["p_id"], references: { table: "p", columns: ["id"] } },
          },
        },
      ),
    }),
    new: spec({
      p: { columns: { id: { type: "bigint", primaryKey: true } } },
      c: withId(
        { p_id: { type: "bigint" } },
        {
          constraints: {
            c_p: { type: "foreignKey", columns: ["p_id"], references: { table: "p", columns: ["id"] } },
          },
        },
      ),
    }),
    rows: { p: [{ id: 1 }], c: [{ p_id: 1 }] },
  },
];
