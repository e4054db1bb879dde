-- golden plan: drop two tables where one references the other
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard deletesData: drops table public.orders and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.orders;

-- 2. drop table public.accounts
--    lock: ACCESS EXCLUSIVE on public.accounts
--    hazard deletesData: drops table public.accounts and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.accounts;
