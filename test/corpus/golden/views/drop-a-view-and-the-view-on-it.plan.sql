-- golden plan: drop a view and the view on it
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.big_customers
--    lock: ACCESS EXCLUSIVE on public.big_customers
--    hazard notReversible: queries that use view public.big_customers fail once it is gone
DROP VIEW public.big_customers;

-- 2. drop view public.big_orders
--    lock: ACCESS EXCLUSIVE on public.big_orders
--    hazard notReversible: queries that use view public.big_orders fail once it is gone
DROP VIEW public.big_orders;
