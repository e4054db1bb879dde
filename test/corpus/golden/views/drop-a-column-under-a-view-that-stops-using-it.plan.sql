-- golden plan: drop a column under a view that stops using it
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop view public.by_customer (created again below)
--    lock: ACCESS EXCLUSIVE on public.by_customer
DROP VIEW public.by_customer;

-- 2. re-create view public.by_customer
--    lock: none
CREATE VIEW public.by_customer AS
SELECT orders.customer
   FROM public.orders;

-- 3. drop column note of public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard deletesData: drops column public.orders.note and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.orders DROP COLUMN note;
