-- golden plan: drop a function
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop function public.add(a integer, b integer)
--    lock: none
DROP FUNCTION public.add(a integer, b integer);
