-- golden plan: change a column type under a view on a view
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.big_customers (created again below)
--    lock: ACCESS EXCLUSIVE on public.big_customers
DROP VIEW public.big_customers;

-- 2. drop view public.big_orders (created again below)
--    lock: ACCESS EXCLUSIVE on public.big_orders
DROP VIEW public.big_orders;

-- 3. change type of public.orders.customer from text to character varying(200)
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from text to character varying(200)
ALTER TABLE public.orders ALTER COLUMN customer TYPE character varying(200) USING customer::character varying(200);

-- 4. re-create view public.big_orders
--    lock: none
CREATE VIEW public.big_orders AS
SELECT orders.id,
    orders.customer,
    orders.amount
   FROM public.orders
  WHERE (orders.amount > 100);

-- 5. re-create view public.big_customers
--    lock: none
CREATE VIEW public.big_customers AS
SELECT DISTINCT big_orders.customer
   FROM public.big_orders;
