-- golden plan: drop a table and the view on it
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop view public.recent
--    lock: ACCESS EXCLUSIVE on public.recent
--    hazard notReversible: queries that use view public.recent fail once it is gone
DROP VIEW public.recent;

-- 2. drop table public.refunds
--    lock: ACCESS EXCLUSIVE on public.refunds
--    hazard deletesData: drops table public.refunds and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.refunds;
