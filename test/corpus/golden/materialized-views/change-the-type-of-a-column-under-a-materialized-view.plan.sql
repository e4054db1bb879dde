-- golden plan: change the type of a column under a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop materialized view public.totals (created again below)
--    lock: ACCESS EXCLUSIVE on public.totals
DROP MATERIALIZED VIEW public.totals;

-- 2. change type of public.orders.amount from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.orders ALTER COLUMN amount TYPE bigint USING amount::bigint;

-- 3. re-create materialized view public.totals
--    lock: none
--    hazard rewritesTable: re-creating materialized view public.totals re-runs its query to fill it: its last size is unknown (never analyzed)
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 4. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
CREATE UNIQUE INDEX totals_customer ON public.totals USING btree (customer);
