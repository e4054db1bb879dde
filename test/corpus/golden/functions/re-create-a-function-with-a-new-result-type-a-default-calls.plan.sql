-- golden plan: re-create a function with a new result type a default calls
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop default of public.t.n (it calls function public.next_n(), created again below)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN n DROP DEFAULT;

-- 2. drop function public.next_n() to create it again (its result or argument names change)
--    lock: none
--    same transaction as the step before
DROP FUNCTION public.next_n();

-- 3. create function public.next_n() again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.next_n()
  RETURNS bigint LANGUAGE sql
AS $body$select 7::bigint$body$;

-- 4. set default of public.t.n again
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ALTER COLUMN n SET DEFAULT public.next_n();
