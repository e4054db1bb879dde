-- golden plan: rename an enum value
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename value b of enum public.mood to bee
--    lock: none
ALTER TYPE public.mood RENAME VALUE 'b' TO 'bee';
