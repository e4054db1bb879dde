-- golden plan: a plain view becomes materialized
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
DROP VIEW public.totals;

-- 2. re-create materialized view public.totals
--    lock: none
--    same transaction as the step before
--    hazard rewritesTable: runs the query of materialized view public.totals to fill it
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 3. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
--    same transaction as the step before
CREATE UNIQUE INDEX totals_customer ON public.totals USING btree (customer);
