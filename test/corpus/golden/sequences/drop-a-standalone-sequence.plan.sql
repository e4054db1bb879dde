-- golden plan: drop a standalone sequence
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop sequence public.counter
--    lock: ACCESS EXCLUSIVE on public.counter
--    hazard deletesData: drops sequence public.counter and its current value
--    hazard notReversible: a sequence created again starts over
DROP SEQUENCE IF EXISTS public.counter;
