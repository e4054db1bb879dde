-- golden plan: rename a function argument re-creates it
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop function public.add(a integer, b integer) to create it again (its result or argument names change)
--    lock: none
DROP FUNCTION public.add(a integer, b integer);

-- 2. create function public.add(x integer, b integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.add(x integer, b integer DEFAULT 1)
  RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $body$select x + b$body$;
