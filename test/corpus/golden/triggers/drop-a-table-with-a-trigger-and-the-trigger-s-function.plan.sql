-- golden plan: drop a table with a trigger and the trigger's function
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops table public.t and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.t;

-- 2. drop function public.touch()
--    lock: none
DROP FUNCTION public.touch();
