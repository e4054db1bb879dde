-- golden plan: drop a composite type and the column using it
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column home of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.home and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN home;

-- 2. drop composite type public.address
--    lock: none
DROP TYPE public.address;
