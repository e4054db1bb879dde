-- golden plan: fuzz seed 1153: change a commented function's result type
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop function public.plus_two(a integer) to create it again (its result or argument names change)
--    lock: none
DROP FUNCTION public.plus_two(a integer);

-- 2. create function public.plus_two(a integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.plus_two(a integer)
  RETURNS bigint LANGUAGE sql IMMUTABLE
AS $body$select (a + 2)::bigint$body$;

-- 3. set comment of function public.plus_two(a integer)
--    lock: none
COMMENT ON FUNCTION public.plus_two(a integer) IS 'adds two';
