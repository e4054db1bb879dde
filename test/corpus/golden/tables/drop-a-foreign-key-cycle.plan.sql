-- golden plan: drop a foreign-key cycle
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint cyc_x_cyc_y_fkey of public.cyc_x (foreign-key cycle public.cyc_x -> public.cyc_y -> public.cyc_x: dropped before its tables)
--    lock: ACCESS EXCLUSIVE on public.cyc_x
ALTER TABLE public.cyc_x DROP CONSTRAINT cyc_x_cyc_y_fkey;

-- 2. drop constraint cyc_y_cyc_x_fkey of public.cyc_y (foreign-key cycle public.cyc_x -> public.cyc_y -> public.cyc_x: dropped before its tables)
--    lock: ACCESS EXCLUSIVE on public.cyc_y
ALTER TABLE public.cyc_y DROP CONSTRAINT cyc_y_cyc_x_fkey;

-- 3. drop table public.cyc_x
--    lock: ACCESS EXCLUSIVE on public.cyc_x
--    hazard deletesData: drops table public.cyc_x and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.cyc_x;

-- 4. drop table public.cyc_y
--    lock: ACCESS EXCLUSIVE on public.cyc_y
--    hazard deletesData: drops table public.cyc_y and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.cyc_y;
