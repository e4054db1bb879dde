-- golden plan: change a sequence's bounds and make it cycle
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change options of sequence public.ticket (MAXVALUE 500, CYCLE), keeping its current value
--    lock: SHARE ROW EXCLUSIVE on public.ticket
--    hazard mayFailOnExistingData: fails if the current value lies outside the new bounds (the current value is kept, never reset)
ALTER SEQUENCE public.ticket MAXVALUE 500 CYCLE;
