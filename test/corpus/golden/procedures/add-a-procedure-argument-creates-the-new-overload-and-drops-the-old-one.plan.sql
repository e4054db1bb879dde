-- golden plan: add a procedure argument creates the new overload and drops the old one
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create procedure public.bump(IN by integer, IN times integer)
--    lock: none
CREATE PROCEDURE public.bump(by integer, times integer DEFAULT 1)
  LANGUAGE sql
AS $body$update public.t set v = v + by * times$body$;

-- 2. drop procedure public.bump(IN by integer)
--    lock: none
DROP PROCEDURE public.bump(IN by integer);
