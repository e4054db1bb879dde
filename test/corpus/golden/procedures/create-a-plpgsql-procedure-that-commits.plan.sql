-- golden plan: create a plpgsql procedure that commits
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create procedure public.archive()
--    lock: none
CREATE PROCEDURE public.archive()
  LANGUAGE plpgsql
AS $body$
begin
  delete from public.t where v < 0;
  commit;
end
$body$;
