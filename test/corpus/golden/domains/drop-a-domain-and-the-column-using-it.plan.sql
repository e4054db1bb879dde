-- golden plan: drop a domain and the column using it
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column q of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.q and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN q;

-- 2. drop domain public.positive
--    lock: none
DROP DOMAIN public.positive;
