-- golden plan: rename an enum type
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename enum public.mood to feeling
--    lock: none
ALTER TYPE public.mood RENAME TO feeling;
