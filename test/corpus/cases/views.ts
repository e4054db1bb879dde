// Views: create, drop, CREATE OR REPLACE when the output columns allow it, drop + create around
// incompatible changes (with every view that depends on the changed one, in one transaction),
// options, comments, and column changes under a view (drop view -> alter column -> create view).
// Queries are written as Postgres prints them (pg_get_viewdef), like the corpus's expressions.
import type { NamespaceDeclaration, SchemaSpec } from "../../../core/model/declaration";
import type { ViewDeclaration } from "../../../core/model/view";
import { CorpusCase, Columns, withId } from "../corpus-case";

const orderColumns: Columns = { customer: { type: "text", nullable: false }, amount: { type: "integer" } };

/** public with table `orders` (id, customer, amount, plus `extra` columns) and the given views. */
export function withViews(
  views: Record<string, ViewDeclaration>,
  extra: Columns = {},
  more: NamespaceDeclaration["tables"] = {},
): SchemaSpec {
  return {
    schemas: { public: { tables: { orders: withId({ ...orderColumns, ...extra }), ...more }, views } },
  };
}

export const big = {
  query:
    "SELECT orders.id,\n    orders.customer,\n    orders.amount\n   FROM public.orders\n  WHERE (orders.amount > 100)",
};
const totals = {
  query:
    "SELECT orders.customer,\n    sum(orders.amount) AS total\n   FROM public.orders\n  GROUP BY orders.customer",
};

export const viewCases: CorpusCase[] = [
  { name: "create a view", old: withViews({}), new: withViews({ big_orders: big }) },
  { name: "drop a view", old: withViews({ big_orders: big }), new: withViews({}) },
  {
    name: "create a view and a view on it",
    old: withViews({}),
    new: withViews({
      big_orders: big,
      big_customers: { query: "SELECT DISTINCT big_orders.customer\n   FROM public.big_orders" },
    }),
  },
  {
    name: "change the filter of a view in place",
    old: withViews({ big_orders: big }),
    new: withViews({
      big_orders: {
        query:
          "SELECT orders.id,\n    orders.customer,\n    orders.amount\n   FROM public.orders\n  WHERE (orders.amount > 500)",
      },
    }),
    viewColumns: {
      old: { big_orders: ["id bigint", "customer text", "amount integer"] },
      new: { big_orders: ["id bigint", "customer text", "amount integer"] },
    },
  },
  {
    name: "append a column to a view in place",
    old: withViews({ big_orders: big }, { note: { type: "text" } }),
    new: withViews(
      {
        big_orders: {
          query:
            "SELECT orders.id,\n    orders.customer,\n    orders.amount,\n    orders.note\n   FROM public.orders\n  WHERE (orders.amount > 100)",
        },
      },
      { note: { type: "text" } },
    ),
    viewColumns: {
      old: { big_orders: ["id bigint", "customer text", "amount integer"] },
      new: { big_orders: ["id bigint", "customer text", "amount integer", "note text"] },
    },
  },
  {
    name: "remove a column from a view: drop and create",
    old: withViews({ big_orders: big }),
    new: withViews({
      big_orders: {
        query: "SELECT orders.id,\n    orders.amount\n   FROM public.orders\n  WHERE (orders.amount > 100)",
      },
    }),
    viewColumns: {
      old: { big_orders: ["id bigint", "customer text", "amount integer"] },
      new: { big_orders: ["id bigint", "amount integer"] },
    },
  },
  {
    name: "change a view under another view: both re-created in one transaction",
    old: withViews({
      totals,
      top_customers: {
        query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > 1000)",
      },
    }),
    new: withViews({
      totals: {
        query:
          "SELECT orders.customer,\n    (sum(orders.amount))::numeric AS total\n   FROM public.orders\n  GROUP BY orders.customer",
      },
      top_customers: {
        query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > (1000)::numeric)",
      },
    }),
    viewColumns: {
      old: { totals: ["customer text", "total bigint"], top_customers: ["customer text"] },
      new: { totals: ["customer text", "total numeric"], top_customers: ["customer text"] },
    },
  },
  {
    name: "append a column to a view under another view: replaced in place, the other stays",
    old: withViews({
      totals,
      top_customers: {
        query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > 1000)",
      },
    }),
    new: withViews({
      totals: {
        query:
          "SELECT orders.customer,\n    sum(orders.amount) AS total,\n    count(*) AS n\n   FROM public.orders\n  GROUP BY orders.customer",
      },
      top_customers: {
        query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > 1000)",
      },
    }),
    viewColumns: {
      old: { totals: ["customer text", "total bigint"], top_customers: ["customer text"] },
      new: { totals: ["customer text", "total bigint", "n bigint"], top_customers: ["customer text"] },
    },
  },
  {
    name: "change the type of a column under a view",
    old: withViews({ big_orders: big }),
    new: withViews({ big_orders: big }, { amount: { type: "bigint" } }),
  },
  {
    name: "drop a column under a view that stops using it",
    old: withViews(
      { by_customer: { query: "SELECT orders.customer,\n    orders.note\n   FROM public.orders" } },
      { note: { type: "text" } },
    ),
    new: withViews({ by_customer: { query: "SELECT orders.customer\n   FROM public.orders" } }),
    viewColumns: {
      old: { by_customer: ["customer text", "note text"] },
      new: { by_customer: ["customer text"] },
    },
    destructive: true,
  },
  {
    name: "change a column type under a view on a view",
    old: withViews({
      big_orders: big,
      big_customers: { query: "SELECT DISTINCT big_orders.customer\n   FROM public.big_orders" },
    }),
    new: withViews(
      {
        big_orders: big,
        big_customers: { query: "SELECT DISTINCT big_orders.customer\n   FROM public.big_orders" },
      },
      { customer: { type: "varchar(200)", nullable: false } },
    ),
  },
  {
    name: "view options: security barrier and local check option",
    old: withViews({ big_orders: big }),
    new: withViews({ big_orders: { ...big, securityBarrier: true, checkOption: "local" } }),
    viewColumns: {
      old: { big_orders: ["id bigint", "customer text", "amount integer"] },
      new: { big_orders: ["id bigint", "customer text", "amount integer"] },
    },
  },
  {
    name: "view option security invoker",
    old: withViews({}),
    new: withViews({ big_orders: { ...big, securityInvoker: true, checkOption: "cascaded" } }),
  },
  {
    name: "comment on a view",
    old: withViews({ big_orders: big }),
    new: withViews({ big_orders: { ...big, comment: "orders over 100, for the report" } }),
  },
  {
    name: "drop a table and the view on it",
    old: withViews(
      { recent: { query: "SELECT refunds.id\n   FROM public.refunds" } },
      {},
      { refunds: withId({ why: { type: "text" } }) },
    ),
    new: withViews({}),
    destructive: true,
  },
  {
    name: "drop a view and the view on it",
    old: withViews({
      big_orders: big,
      big_customers: { query: "SELECT DISTINCT big_orders.customer\n   FROM public.big_orders" },
    }),
    new: withViews({}),
  },
  {
    name: "a view moves to a new table",
    old: withViews({ amounts: { query: "SELECT orders.id,\n    orders.amount\n   FROM public.orders" } }),
    new: withViews(
      { amounts: { query: "SELECT invoices.id,\n    invoices.total AS amount\n   FROM public.invoices" } },
      {},
      { invoices: withId({ total: { type: "integer" } }) },
    ),
    viewColumns: {
      old: { amounts: ["id bigint", "amount integer"] },
      new: { amounts: ["id bigint", "amount integer"] },
    },
  },
];
