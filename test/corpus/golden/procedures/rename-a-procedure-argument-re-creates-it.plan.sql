-- golden plan: rename a procedure argument re-creates it
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop procedure public.bump(IN by integer) to create it again (its result or argument names change)
--    lock: none
DROP PROCEDURE public.bump(IN by integer);

-- 2. create procedure public.bump(IN step integer) again
--    lock: none
--    same transaction as the step before
CREATE PROCEDURE public.bump(step integer)
  LANGUAGE sql
AS $body$update public.t set v = v + step$body$;
