-- golden plan: a procedure with an inout argument
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create procedure public.count_rows(INOUT n bigint)
--    lock: none
CREATE PROCEDURE public.count_rows(INOUT n bigint)
  LANGUAGE plpgsql
AS $body$begin select count(*) into n from public.t; end$body$;
