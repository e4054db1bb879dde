-- golden plan: change a materialized view under a view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.top (created again below)
--    lock: ACCESS EXCLUSIVE on public.top
DROP VIEW public.top;

-- 2. drop materialized view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
--    same transaction as the step before
DROP MATERIALIZED VIEW public.totals;

-- 3. re-create materialized view public.totals
--    lock: none
--    same transaction as the step before
--    hazard rewritesTable: re-creating materialized view public.totals re-runs its query to fill it: its last size is unknown (never analyzed)
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    max(orders.amount) AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 4. re-create view public.top
--    lock: none
--    same transaction as the step before
CREATE VIEW public.top AS
SELECT totals.customer
   FROM public.totals
  WHERE (totals.total > 10);

-- 5. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
--    same transaction as the step before
CREATE UNIQUE INDEX totals_customer ON public.totals USING btree (customer);
