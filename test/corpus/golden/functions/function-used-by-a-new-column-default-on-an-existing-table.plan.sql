-- golden plan: function used by a new column default on an existing table
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.next_code()
--    lock: none
CREATE FUNCTION public.next_code()
  RETURNS text LANGUAGE sql
AS $body$select 'c'$body$;

-- 2. add column code to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN code text DEFAULT public.next_code();
