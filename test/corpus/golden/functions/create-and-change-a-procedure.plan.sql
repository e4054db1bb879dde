-- golden plan: create and change a procedure
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace procedure public.bump(IN by integer)
--    lock: none
CREATE OR REPLACE PROCEDURE public.bump(by integer DEFAULT 1)
  LANGUAGE plpgsql SECURITY DEFINER
AS $body$begin update public.t set v = v + by; end$body$;
