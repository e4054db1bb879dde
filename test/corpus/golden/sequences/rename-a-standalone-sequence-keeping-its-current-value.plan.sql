-- golden plan: rename a standalone sequence, keeping its current value
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename sequence public.counter to tickets
--    lock: ACCESS EXCLUSIVE on public.counter
ALTER SEQUENCE public.counter RENAME TO tickets;
