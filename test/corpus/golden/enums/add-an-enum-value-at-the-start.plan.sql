-- golden plan: add an enum value at the start
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add value a to enum public.mood
--    lock: none
--    outside a transaction
--    hazard notReversible: enum values cannot be removed again
ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'a' BEFORE 'b';
