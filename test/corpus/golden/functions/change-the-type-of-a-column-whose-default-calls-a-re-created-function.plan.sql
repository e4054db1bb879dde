-- golden plan: change the type of a column whose default calls a re-created function
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop default of public.t.n
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN n DROP DEFAULT;

-- 2. change type of public.t.n from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.t ALTER COLUMN n TYPE bigint USING n::bigint;

-- 3. drop function public.next_n() to create it again (its result or argument names change)
--    lock: none
DROP FUNCTION public.next_n();

-- 4. create function public.next_n() again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.next_n()
  RETURNS bigint LANGUAGE sql
AS $body$select 7::bigint$body$;

-- 5. set default of public.t.n again
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ALTER COLUMN n SET DEFAULT public.next_n();
