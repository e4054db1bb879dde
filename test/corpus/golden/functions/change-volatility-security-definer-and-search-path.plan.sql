-- golden plan: change volatility, security definer and search_path
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace function public.add(a integer, b integer)
--    lock: none
CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)
  RETURNS integer LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = public, pg_temp
AS $body$select a + b$body$;
