-- golden plan: everything dropped back to empty
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
--    hazard deletesData: drops table public.orders and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.orders;

-- 2. drop table public.users
--    lock: ACCESS EXCLUSIVE on public.users
--    hazard deletesData: drops table public.users and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.users;

-- 3. drop enum public.level
--    lock: none
--    hazard deletesData: drops enum type public.level and its values
--    hazard notReversible: the type's OID changes if it is created again
DROP TYPE public.level;
