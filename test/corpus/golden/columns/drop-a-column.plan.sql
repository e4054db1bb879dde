-- golden plan: drop a column
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column w of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.w and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN w;
