-- golden plan: add several enum values
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add value a to enum public.mood
--    lock: none
--    outside a transaction
--    hazard notReversible: enum values cannot be removed again
ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'a' BEFORE 'b';

-- 2. add value c to enum public.mood
--    lock: none
--    outside a transaction
--    hazard notReversible: enum values cannot be removed again
ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b';

-- 3. add value d to enum public.mood
--    lock: none
--    outside a transaction
--    hazard notReversible: enum values cannot be removed again
ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'd' AFTER 'c';
