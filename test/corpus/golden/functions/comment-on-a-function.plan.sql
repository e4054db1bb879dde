-- golden plan: comment on a function
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of function public.add(a integer, b integer)
--    lock: none
COMMENT ON FUNCTION public.add(a integer, b integer) IS 'adds b to a';
