-- golden plan: change a trigger function's body keeps the trigger
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace function public.touch()
--    lock: none
CREATE OR REPLACE FUNCTION public.touch()
  RETURNS trigger LANGUAGE plpgsql
AS $body$begin new.updated_at := clock_timestamp(); return new; end$body$;
