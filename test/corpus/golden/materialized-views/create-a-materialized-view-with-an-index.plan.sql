-- golden plan: create a materialized view with an index
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create materialized view public.totals
--    lock: none
--    hazard rewritesTable: runs the query of materialized view public.totals to fill it
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 2. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
CREATE UNIQUE INDEX totals_customer ON public.totals USING btree (customer);
