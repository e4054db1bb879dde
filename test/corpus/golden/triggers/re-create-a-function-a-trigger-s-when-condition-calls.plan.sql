-- golden plan: re-create a function a trigger's when condition calls
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop trigger t_touch on public.t (a function its WHEN calls is created again)
--    lock: ACCESS EXCLUSIVE on public.t
DROP TRIGGER t_touch ON public.t;

-- 2. drop function public.positive(x integer) to create it again (its result or argument names change)
--    lock: none
--    same transaction as the step before
DROP FUNCTION public.positive(x integer);

-- 3. create function public.positive(n integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.positive(n integer)
  RETURNS boolean LANGUAGE sql IMMUTABLE
AS $body$select n > 0$body$;

-- 4. create trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
--    same transaction as the step before
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW WHEN (public.positive(new.v)) EXECUTE FUNCTION public.touch();
