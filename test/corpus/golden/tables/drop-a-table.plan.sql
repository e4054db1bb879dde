-- golden plan: drop a table
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.other
--    lock: ACCESS EXCLUSIVE on public.other
--    hazard deletesData: drops table public.other and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.other;
