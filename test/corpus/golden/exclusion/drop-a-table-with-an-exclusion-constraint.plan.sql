-- golden plan: drop a table with an exclusion constraint
-- corpus: test/corpus/cases/exclusion.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops table public.t and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.t;
