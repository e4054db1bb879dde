-- golden plan: change a view under a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop materialized view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
DROP MATERIALIZED VIEW public.totals;

-- 2. drop view public.positive (created again below)
--    lock: ACCESS EXCLUSIVE on public.positive
--    same transaction as the step before
DROP VIEW public.positive;

-- 3. re-create view public.positive
--    lock: none
--    same transaction as the step before
CREATE VIEW public.positive AS
SELECT orders.customer
   FROM public.orders
  WHERE (orders.amount > 0);

-- 4. re-create materialized view public.totals
--    lock: none
--    same transaction as the step before
--    hazard rewritesTable: re-creating materialized view public.totals re-runs its query to fill it: its last size is unknown (never analyzed)
CREATE MATERIALIZED VIEW public.totals AS
SELECT positive.customer,
    count(*) AS n
   FROM public.positive
  GROUP BY positive.customer;
