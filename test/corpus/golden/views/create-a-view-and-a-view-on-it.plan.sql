-- golden plan: create a view and a view on it
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create view public.big_orders
--    lock: none
CREATE VIEW public.big_orders AS
SELECT orders.id,
    orders.customer,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 100);

-- 2. create view public.big_customers
--    lock: none
CREATE VIEW public.big_customers AS
SELECT DISTINCT big_orders.customer
   FROM public.big_orders;
