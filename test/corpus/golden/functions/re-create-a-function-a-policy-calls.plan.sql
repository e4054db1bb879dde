-- golden plan: re-create a function a policy calls
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop policy nonnegative on public.t (it calls function public.allowed(x integer), created again; created again below)
--    lock: ACCESS EXCLUSIVE on public.t
DROP POLICY nonnegative ON public.t;

-- 2. drop constraint t_w_check of public.t (it calls function public.allowed(x integer), created again; added again below)
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT t_w_check;

-- 3. drop default of public.t.ok (it calls function public.allowed(x integer), created again below)
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ALTER COLUMN ok DROP DEFAULT;

-- 4. drop function public.allowed(x integer) to create it again (its result or argument names change)
--    lock: none
--    same transaction as the step before
DROP FUNCTION public.allowed(x integer);

-- 5. create function public.allowed(n integer) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.allowed(n integer)
  RETURNS boolean LANGUAGE sql IMMUTABLE
AS $body$select n >= 0$body$;

-- 6. set default of public.t.ok again
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ALTER COLUMN ok SET DEFAULT public.allowed(0);

-- 7. add check t_w_check on public.t again NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ADD CONSTRAINT t_w_check CHECK (public.allowed(w)) NOT VALID;

-- 8. create policy nonnegative on public.t again
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
CREATE POLICY nonnegative ON public.t AS PERMISSIVE FOR SELECT TO PUBLIC USING (public.allowed(w));

-- 9. validate t_w_check on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate public.allowed(w) with the new function public.allowed(n integer)
ALTER TABLE public.t VALIDATE CONSTRAINT t_w_check;
