-- golden plan: drop a column and the exclusion constraint on it
-- corpus: test/corpus/cases/exclusion.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint t_no_overlap of public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t DROP CONSTRAINT t_no_overlap;

-- 2. drop column during of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.during and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN during;
