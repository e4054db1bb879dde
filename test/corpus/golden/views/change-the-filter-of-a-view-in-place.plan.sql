-- golden plan: change the filter of a view in place
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace view public.big_orders (CREATE OR REPLACE: same leading columns)
--    lock: ACCESS EXCLUSIVE on public.big_orders
CREATE OR REPLACE VIEW public.big_orders AS
SELECT orders.id,
    orders.customer,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 500);
