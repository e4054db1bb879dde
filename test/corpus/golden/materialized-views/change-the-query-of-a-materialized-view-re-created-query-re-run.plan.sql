-- golden plan: change the query of a materialized view: re-created, query re-run
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop materialized view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
DROP MATERIALIZED VIEW public.totals;

-- 2. re-create materialized view public.totals
--    lock: none
--    same transaction as the step before
--    hazard rewritesTable: re-creating materialized view public.totals re-runs its query to fill it: its last size is unknown (never analyzed)
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total
   FROM public.orders
  WHERE (orders.amount > 0)
  GROUP BY orders.customer;

-- 3. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
--    same transaction as the step before
CREATE UNIQUE INDEX totals_customer ON public.totals USING btree (customer);
