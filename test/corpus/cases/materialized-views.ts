// Materialized views: create with indexes, drop, re-create (which re-runs the query: the plan says
// so), index changes (concurrently), column changes under one, views over them and under them.
// Queries are written as Postgres prints them (pg_get_viewdef).
import type { ViewDeclaration } from "../../../core/model/view";
import type { CorpusCase } from "../corpus-case";
import { withViews } from "./views";

const totals: ViewDeclaration = {
  materialized: true,
  query:
    "SELECT orders.customer,\n    sum(orders.amount) AS total\n   FROM public.orders\n  GROUP BY orders.customer",
  indexes: { totals_customer: { columns: ["customer"], unique: true } },
};
const totalsNoIndex: ViewDeclaration = { ...totals, indexes: undefined };

export const materializedViewCases: CorpusCase[] = [
  { name: "create a materialized view with an index", old: withViews({}), new: withViews({ totals }) },
  { name: "drop a materialized view", old: withViews({ totals }), new: withViews({}) },
  {
    name: "change the query of a materialized view: re-created, query re-run",
    old: withViews({ totals }),
    new: withViews({
      totals: {
        ...totals,
        query:
          "SELECT orders.customer,\n    sum(orders.amount) AS total\n   FROM public.orders\n  WHERE (orders.amount > 0)\n  GROUP BY orders.customer",
      },
    }),
  },
  {
    name: "add an index to a materialized view",
    old: withViews({ totals: totalsNoIndex }),
    new: withViews({ totals }),
  },
  {
    name: "drop an index of a materialized view",
    old: withViews({ totals }),
    new: withViews({ totals: totalsNoIndex }),
  },
  {
    name: "change an index of a materialized view",
    old: withViews({ totals }),
    new: withViews({
      totals: { ...totals, indexes: { totals_customer: { columns: ["customer", "total"], unique: true } } },
    }),
  },
  {
    name: "change the type of a column under a materialized view",
    old: withViews({ totals }),
    new: withViews({ totals }, { amount: { type: "bigint" } }),
  },
  {
    name: "change a materialized view under a view",
    old: withViews({
      totals,
      top: { query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > 10)" },
    }),
    new: withViews({
      totals: {
        ...totals,
        query:
          "SELECT orders.customer,\n    max(orders.amount) AS total\n   FROM public.orders\n  GROUP BY orders.customer",
      },
      top: { query: "SELECT totals.customer\n   FROM public.totals\n  WHERE (totals.total > 10)" },
    }),
  },
  {
    name: "change a view under a materialized view",
    old: withViews({
      positive: {
        query:
          "SELECT orders.customer,\n    orders.amount\n   FROM public.orders\n  WHERE (orders.amount > 0)",
      },
      totals: {
        materialized: true,
        query:
          "SELECT positive.customer,\n    count(*) AS n\n   FROM public.positive\n  GROUP BY positive.customer",
      },
    }),
    new: withViews({
      positive: { query: "SELECT orders.customer\n   FROM public.orders\n  WHERE (orders.amount > 0)" },
      totals: {
        materialized: true,
        query:
          "SELECT positive.customer,\n    count(*) AS n\n   FROM public.positive\n  GROUP BY positive.customer",
      },
    }),
  },
  {
    name: "a plain view becomes materialized",
    old: withViews({ totals: { query: totals.query } }),
    new: withViews({ totals }),
  },
  {
    name: "comment on a materialized view",
    old: withViews({ totals }),
    new: withViews({ totals: { ...totals, comment: "refreshed nightly" } }),
  },
  {
    name: "create a table and a materialized view on it",
    old: withViews({}),
    new: withViews(
      { refund_totals: { materialized: true, query: "SELECT count(*) AS n\n   FROM public.refunds" } },
      {},
      { refunds: { columns: { id: { type: "bigint", primaryKey: true } } } },
    ),
  },
];
