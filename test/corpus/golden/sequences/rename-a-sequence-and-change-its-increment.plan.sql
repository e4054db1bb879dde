-- golden plan: rename a sequence and change its increment
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename sequence public.counter to tickets
--    lock: ACCESS EXCLUSIVE on public.counter
ALTER SEQUENCE public.counter RENAME TO tickets;

-- 2. change options of sequence public.tickets (INCREMENT BY 5), keeping its current value
--    lock: SHARE ROW EXCLUSIVE on public.tickets
--    hazard mayFailOnExistingData: fails if the current value lies outside the new bounds (the current value is kept, never reset)
ALTER SEQUENCE public.tickets INCREMENT BY 5;
