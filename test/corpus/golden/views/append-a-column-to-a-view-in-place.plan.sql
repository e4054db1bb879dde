-- golden plan: append a column to a view in place
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace view public.big_orders (CREATE OR REPLACE: same leading columns, adds note)
--    lock: ACCESS EXCLUSIVE on public.big_orders
CREATE OR REPLACE VIEW public.big_orders AS
SELECT orders.id,
    orders.customer,
    orders.amount,
    orders.note
   FROM public.orders
  WHERE (orders.amount > 100);
