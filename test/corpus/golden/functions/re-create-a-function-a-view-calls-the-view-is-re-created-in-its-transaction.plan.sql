-- golden plan: re-create a function a view calls: the view is re-created in its transaction
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop view public.allowed_rows (created again below)
--    lock: ACCESS EXCLUSIVE on public.allowed_rows
DROP VIEW public.allowed_rows;

-- 2. drop function public.allowed(x integer) to create it again (its result or argument names change)
--    lock: none
--    same transaction as the step before
DROP FUNCTION public.allowed(x integer);

-- 3. create function public.allowed(n integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.allowed(n integer)
  RETURNS boolean LANGUAGE sql IMMUTABLE
AS $body$select n >= 0$body$;

-- 4. re-create view public.allowed_rows
--    lock: none
--    same transaction as the step before
CREATE VIEW public.allowed_rows AS
SELECT t.id,
    public.allowed(t.w) AS ok
   FROM public.t;
