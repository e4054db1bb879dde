-- golden plan: re-create a function a domain check calls
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop check nonnegative_check of domain public.nonnegative (it calls function public.allowed(x integer), created again; added again below)
--    lock: none
ALTER DOMAIN public.nonnegative DROP CONSTRAINT nonnegative_check;

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

-- 4. add check nonnegative_check to domain public.nonnegative again NOT VALID
--    lock: none
--    same transaction as the step before
ALTER DOMAIN public.nonnegative ADD CONSTRAINT nonnegative_check CHECK (public.allowed(VALUE)) NOT VALID;

-- 5. validate check nonnegative_check of domain public.nonnegative
--    lock: SHARE
--    hazard mayFailOnExistingData: fails if a value stored in a column of public.nonnegative violates public.allowed(VALUE)
--    hazard blocksWrites: holds SHARE on each table using the domain while it scans it
ALTER DOMAIN public.nonnegative VALIDATE CONSTRAINT nonnegative_check;
