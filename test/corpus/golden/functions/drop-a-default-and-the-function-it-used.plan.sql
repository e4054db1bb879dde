-- golden plan: drop a default and the function it used
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop default of public.t.code
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN code DROP DEFAULT;

-- 2. drop function public.next_code()
--    lock: none
DROP FUNCTION public.next_code();
