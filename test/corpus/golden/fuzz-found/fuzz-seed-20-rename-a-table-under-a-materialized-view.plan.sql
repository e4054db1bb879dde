-- golden plan: fuzz seed 20: rename a table under a materialized view
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.orders to purchases
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders RENAME TO purchases;

-- 2. drop materialized view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
DROP MATERIALIZED VIEW public.totals;

-- 3. re-create materialized view public.totals
--    lock: none
--    same transaction as the step before
--    hazard rewritesTable: re-creating materialized view public.totals re-runs its query to fill it: its last size is unknown (never analyzed)
CREATE MATERIALIZED VIEW public.totals AS
SELECT purchases.customer,
    sum(purchases.amount) AS total
   FROM public.purchases
  GROUP BY purchases.customer;

-- 4. rename constraint orders_pkey of public.purchases to purchases_pkey
--    lock: ACCESS EXCLUSIVE on public.purchases
ALTER TABLE public.purchases RENAME CONSTRAINT orders_pkey TO purchases_pkey;
