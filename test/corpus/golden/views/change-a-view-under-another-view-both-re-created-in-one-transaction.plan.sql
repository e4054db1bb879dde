-- golden plan: change a view under another view: both re-created in one transaction
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.top_customers (created again below)
--    lock: ACCESS EXCLUSIVE on public.top_customers
DROP VIEW public.top_customers;

-- 2. drop view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
--    same transaction as the step before
DROP VIEW public.totals;

-- 3. re-create view public.totals
--    lock: none
--    same transaction as the step before
CREATE VIEW public.totals AS
SELECT orders.customer,
    (sum(orders.amount))::numeric AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 4. re-create view public.top_customers
--    lock: none
--    same transaction as the step before
CREATE VIEW public.top_customers AS
SELECT totals.customer
   FROM public.totals
  WHERE (totals.total > (1000)::numeric);
