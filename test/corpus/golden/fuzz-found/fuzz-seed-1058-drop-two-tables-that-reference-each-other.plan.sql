-- golden plan: fuzz seed 1058: drop two tables that reference each other
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint eggs_hen_fk of public.eggs (foreign-key cycle public.eggs -> public.hens -> public.eggs: dropped before its tables)
--    lock: ACCESS EXCLUSIVE on public.eggs
ALTER TABLE public.eggs DROP CONSTRAINT eggs_hen_fk;

-- 2. drop constraint hens_egg_fk of public.hens (foreign-key cycle public.eggs -> public.hens -> public.eggs: dropped before its tables)
--    lock: ACCESS EXCLUSIVE on public.hens
ALTER TABLE public.hens DROP CONSTRAINT hens_egg_fk;

-- 3. drop table public.eggs
--    lock: ACCESS EXCLUSIVE on public.eggs
--    hazard deletesData: drops table public.eggs and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.eggs;

-- 4. drop table public.hens
--    lock: ACCESS EXCLUSIVE on public.hens
--    hazard deletesData: drops table public.hens and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.hens;
