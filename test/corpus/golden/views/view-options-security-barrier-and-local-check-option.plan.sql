-- golden plan: view options: security barrier and local check option
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace view public.big_orders (CREATE OR REPLACE: same leading columns)
--    lock: ACCESS EXCLUSIVE on public.big_orders
CREATE OR REPLACE VIEW public.big_orders WITH (security_barrier = true, check_option = local) AS
SELECT orders.id,
    orders.customer,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 100);
