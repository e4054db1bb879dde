-- golden plan: remove a column from a view: drop and create
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.big_orders (created again below)
--    lock: ACCESS EXCLUSIVE on public.big_orders
DROP VIEW public.big_orders;

-- 2. re-create view public.big_orders
--    lock: none
--    same transaction as the step before
CREATE VIEW public.big_orders AS
SELECT orders.id,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 100);
