-- golden plan: add an enum value and use it as a default
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add value z to enum public.mood
--    lock: none
--    outside a transaction
--    hazard notReversible: enum values cannot be removed again
ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'z' AFTER 'a';

-- 2. set default of public.t.m
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'z'::public.mood;
