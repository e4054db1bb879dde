-- golden plan: create a sql function
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.add(a integer, b integer)
--    lock: none
CREATE FUNCTION public.add(a integer, b integer DEFAULT 1)
  RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $body$select a + b$body$;
