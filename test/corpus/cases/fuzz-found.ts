// Pairs the schema-pair fuzzer (test/fuzz) found failing, reduced by hand to what made them fail.
// Each names its seed: `npx ts-node -T test/fuzz/run.ts --from SEED --seeds 1` replays the original.
import type { FunctionDeclaration } from "../../../core/model/declaration";
import type { ViewDeclaration } from "../../../core/model/view";
import { Columns, CorpusCase, spec, withId } from "../corpus-case";
import { withRoutines } from "./functions";
import { withViews } from "./views";

const plusTwo: FunctionDeclaration = {
  arguments: [{ name: "a", type: "integer" }],
  returns: "integer",
  language: "sql",
  body: "select a + 2",
  volatility: "immutable",
};

const orderColumns: Columns = { customer: { type: "text", nullable: false }, amount: { type: "integer" } };

const customerTotals: ViewDeclaration = {
  materialized: true,
  query:
    "SELECT orders.customer,\n    sum(orders.amount) AS total\n   FROM public.orders\n  GROUP BY orders.customer",
};

export const fuzzFoundCases: CorpusCase[] = [
  {
    // Seed 96: the drop of the constraint named the table by its new name but ran before the rename.
    name: "fuzz seed 96: rename a table and drop its unique constraint in one plan",
    old: spec({
      accounts: withId(
        { email: { type: "text" } },
        { constraints: { accounts_email_uq: { type: "unique", columns: ["email"] } } },
      ),
    }),
    new: spec({ customers: { ...withId({ email: { type: "text" } }), renamedFrom: "accounts" } }),
  },
  {
    // Seed 1058: two dropped tables, one referencing the other; the referenced one was dropped first.
    name: "fuzz seed 1058: drop a table and the table that references it",
    old: spec({
      keep: withId({}),
      authors: withId({ name: { type: "text" } }),
      posts: withId(
        { author_id: { type: "bigint" } },
        {
          constraints: {
            posts_author_fk: {
              type: "foreignKey",
              columns: ["author_id"],
              references: { table: "authors", columns: ["id"] },
            },
          },
        },
      ),
    }),
    new: spec({ keep: withId({}) }),
    destructive: true,
  },
  {
    // Seed 1058's shape through an FK cycle: no drop order works without dropping the keys first.
    name: "fuzz seed 1058: drop two tables that reference each other",
    old: spec({
      keep: withId({}),
      hens: withId(
        { egg_id: { type: "bigint" } },
        {
          constraints: {
            hens_egg_fk: {
              type: "foreignKey",
              columns: ["egg_id"],
              references: { table: "eggs", columns: ["id"] },
            },
          },
        },
      ),
      eggs: withId(
        { hen_id: { type: "bigint" } },
        {
          constraints: {
            eggs_hen_fk: {
              type: "foreignKey",
              columns: ["hen_id"],
              references: { table: "hens", columns: ["id"] },
            },
          },
        },
      ),
    }),
    new: spec({ keep: withId({}) }),
    rows: { hens: [{ id: 1, egg_id: null }], eggs: [{ id: 1, hen_id: null }] },
    destructive: true,
  },
  {
    // Seed 74: a materialized view's index was read without its storage parameters and comment, so
    // both were lost in rendering (the index was built without them) and never planned.
    name: "fuzz seed 74: index of a materialized view with storage parameters and a comment",
    old: withViews({}),
    new: withViews({
      totals: {
        ...customerTotals,
        indexes: {
          totals_customer: { columns: ["customer"], with: { fillfactor: "80" }, comment: "by customer" },
        },
      },
    }),
  },
  {
    name: "fuzz seed 74: change the storage parameters and comment of a materialized view's index in place",
    old: withViews({
      totals: {
        ...customerTotals,
        indexes: {
          totals_customer: { columns: ["customer"], with: { fillfactor: "80" }, comment: "by customer" },
        },
      },
    }),
    new: withViews({
      totals: {
        ...customerTotals,
        indexes: { totals_customer: { columns: ["customer"], with: { fillfactor: "60" } } },
      },
    }),
  },
  {
    // Seed 20: the re-created materialized view needed only the columns it reads (Postgres records
    // a view's dependencies by column), which no step creates, so it ran before the rename.
    name: "fuzz seed 20: rename a table under a materialized view",
    old: withViews({ totals: customerTotals }),
    new: {
      schemas: {
        public: {
          tables: { purchases: { ...withId(orderColumns), renamedFrom: "orders" } },
          views: {
            totals: {
              ...customerTotals,
              query:
                "SELECT purchases.customer,\n    sum(purchases.amount) AS total\n   FROM public.purchases\n  GROUP BY purchases.customer",
            },
          },
        },
      },
    },
  },
  {
    // Seed 1153: a function dropped and created again (its result type changed) lost its comment:
    // the comment was compared with the dropped function's, found equal, and not set again.
    name: "fuzz seed 1153: change a commented function's result type",
    old: withRoutines({}, { plus_two: { ...plusTwo, comment: "adds two" } }),
    new: withRoutines(
      {},
      { plus_two: { ...plusTwo, returns: "bigint", body: "select (a + 2)::bigint", comment: "adds two" } },
    ),
  },
  {
    // Seed 1142: dropping a schema (managed by the scope, no longer declared) was refused over the
    // schema's own views when the declaration had no views left to manage views by.
    name: "fuzz seed 1142: drop a schema holding a table and a view over it",
    old: {
      schemas: {
        public: { tables: { keep: withId({}) } },
        reports: {
          tables: { daily: withId({ total: { type: "integer" } }) },
          views: {
            big_days: {
              query: "SELECT daily.id,\n    daily.total\n   FROM reports.daily\n  WHERE (daily.total > 100)",
            },
          },
        },
      },
    },
    new: spec({ keep: withId({}) }),
    scope: { schemas: ["public", "reports"] },
    destructive: true,
  },
];
