-- golden plan: change a sequence's increment and cache, keeping its current value
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change options of sequence public.counter (INCREMENT BY 5, CACHE 50), keeping its current value
--    lock: SHARE ROW EXCLUSIVE on public.counter
--    hazard mayFailOnExistingData: fails if the current value lies outside the new bounds (the current value is kept, never reset)
ALTER SEQUENCE public.counter INCREMENT BY 5 CACHE 50;
