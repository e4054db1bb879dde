-- golden plan: change a function body
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace function public.add(a integer, b integer)
--    lock: none
CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)
  RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $body$select a + b + 0$body$;
