-- golden plan: drop a table with the table referencing it while a third keeps referencing a column that stays
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column code of public.accounts
--    lock: ACCESS EXCLUSIVE on public.accounts
--    hazard deletesData: drops column public.accounts.code and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.accounts DROP COLUMN code;

-- 2. drop table public.order_lines
--    lock: ACCESS EXCLUSIVE on public.order_lines
--    hazard deletesData: drops table public.order_lines and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.order_lines;

-- 3. drop table public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard deletesData: drops table public.orders and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.orders;
