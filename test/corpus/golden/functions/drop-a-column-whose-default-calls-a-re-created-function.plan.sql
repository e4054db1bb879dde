-- golden plan: drop a column whose default calls a re-created function
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column ok of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.ok and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN ok;

-- 2. drop function public.allowed(x integer) to create it again (its result or argument names change)
--    lock: none
DROP FUNCTION public.allowed(x integer);

-- 3. create function public.allowed(n integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.allowed(n integer)
  RETURNS boolean LANGUAGE sql IMMUTABLE
AS $body$select n >= 0$body$;
