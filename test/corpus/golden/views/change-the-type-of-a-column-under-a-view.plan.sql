-- golden plan: change the type of a column under a view
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.big_orders (created again below)
--    lock: ACCESS EXCLUSIVE on public.big_orders
DROP VIEW public.big_orders;

-- 2. change type of public.orders.amount from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.orders ALTER COLUMN amount TYPE bigint USING amount::bigint;

-- 3. re-create view public.big_orders
--    lock: none
CREATE VIEW public.big_orders AS
SELECT orders.id,
    orders.customer,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 100);
