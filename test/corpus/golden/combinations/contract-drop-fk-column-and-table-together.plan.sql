-- golden plan: contract: drop FK, column and table together
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint orders_user_fkey of public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders DROP CONSTRAINT orders_user_fkey;

-- 2. drop column name of public.users
--    lock: ACCESS EXCLUSIVE on public.users
--    hazard deletesData: drops column public.users.name and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.users DROP COLUMN name;

-- 3. drop column user_id of public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard deletesData: drops column public.orders.user_id and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.orders DROP COLUMN user_id;

-- 4. drop table public.audit
--    lock: ACCESS EXCLUSIVE on public.audit
--    hazard deletesData: drops table public.audit and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.audit;
