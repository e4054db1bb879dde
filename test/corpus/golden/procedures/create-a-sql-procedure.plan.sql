-- golden plan: create a sql procedure
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create procedure public.bump(IN by integer)
--    lock: none
CREATE PROCEDURE public.bump(by integer)
  LANGUAGE sql
AS $body$update public.t set v = v + by$body$;
