// Schemas other than public (issue 15): created and dropped like any object; a schema the scope
// manages but the declaration no longer has is dropped, and only with the data-loss opt-in when it
// still holds tables.
import type { SchemaSpec } from "../../../core/model/declaration";
import type { CorpusCase } from "../corpus-case";
import { withId } from "../corpus-case";

const both = { schemas: ["public", "app"] };
const withApp = (app: SchemaSpec["schemas"][string] = {}): SchemaSpec => ({ schemas: { public: {}, app } });
const onlyPublic: SchemaSpec = { schemas: { public: {} } };

export const schemaCases: CorpusCase[] = [
  { name: "create an empty schema", old: onlyPublic, new: withApp() },
  { name: "create a schema with a table", old: onlyPublic, new: withApp({ tables: { t: withId({}) } }) },
  {
    name: "create a schema with an enum, a sequence and a table using both",
    old: onlyPublic,
    new: withApp({
      enums: { mood: ["ok", "sad"] },
      sequences: { ticket: { type: "integer" } },
      tables: {
        t: withId({
          m: { type: "app.mood" },
          n: { type: "integer", default: "nextval('app.ticket'::regclass)" },
        }),
      },
    }),
  },
  { name: "drop an empty schema", old: withApp(), new: onlyPublic, scope: both },
  {
    name: "drop a schema holding a table",
    old: withApp({ tables: { t: withId({ a: { type: "text" } }) } }),
    new: onlyPublic,
    scope: both,
    destructive: true,
  },
  {
    name: "drop a schema holding a sequence",
    old: withApp({ sequences: { s: {} } }),
    new: onlyPublic,
    scope: both,
    destructive: true,
  },
  {
    name: "drop a schema holding tables that reference each other",
    old: withApp({
      tables: {
        parent: withId({}),
        child: withId(
          { parent_id: { type: "bigint" } },
          {
            constraints: {
              child_parent_fk: {
                type: "foreignKey",
                columns: ["parent_id"],
                references: { table: "parent", columns: ["id"] },
              },
            },
          },
        ),
      },
    }),
    new: onlyPublic,
    scope: both,
    destructive: true,
  },
  {
    name: "drop a schema whose table is referenced from public: the foreign key goes first",
    old: {
      schemas: {
        public: {
          tables: {
            orders: withId(
              { account_id: { type: "bigint" } },
              {
                constraints: {
                  orders_account_fk: {
                    type: "foreignKey",
                    columns: ["account_id"],
                    references: { schema: "app", table: "accounts", columns: ["id"] },
                  },
                },
              },
            ),
          },
        },
        app: { tables: { accounts: withId({}) } },
      },
    },
    new: { schemas: { public: { tables: { orders: withId({ account_id: { type: "bigint" } }) } } } },
    scope: both,
    destructive: true,
  },
  {
    name: "a schema the scope does not manage is left alone",
    old: withApp({ tables: { t: withId({}) } }),
    new: onlyPublic,
  },
  {
    name: "move a table's declaration into a new schema: created there, dropped from the old one",
    old: { schemas: { public: { tables: { t: withId({ a: { type: "text" } }) } } } },
    new: { schemas: { public: {}, app: { tables: { t: withId({ a: { type: "text" } }) } } } },
    destructive: true,
  },
  {
    name: "create a schema with a quoted name",
    old: onlyPublic,
    new: { schemas: { public: {}, "Billing Data": { tables: { t: withId({}) } } } },
  },
  {
    name: "create a schema with a comment",
    old: onlyPublic,
    new: withApp({ comment: "the application's own tables" }),
  },
  {
    name: "change a schema's comment",
    old: withApp({ comment: "old words" }),
    new: withApp({ comment: "it's new" }),
  },
  { name: "remove a schema's comment", old: withApp({ comment: "going" }), new: withApp() },
  {
    name: "comment on the public schema",
    old: onlyPublic,
    new: { schemas: { public: { comment: "shared tables" } } },
  },
];
