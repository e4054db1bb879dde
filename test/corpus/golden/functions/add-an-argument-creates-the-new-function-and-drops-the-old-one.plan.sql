-- golden plan: add an argument creates the new function and drops the old one
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.add(a integer, b integer, c integer)
--    lock: none
CREATE FUNCTION public.add(a integer, b integer DEFAULT 1, c integer DEFAULT 0)
  RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $body$select a + b + c$body$;

-- 2. drop function public.add(a integer, b integer)
--    lock: none
DROP FUNCTION public.add(a integer, b integer);
