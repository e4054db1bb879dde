-- golden plan: drop a trigger and its function
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop trigger t_touch on public.t
--    lock: ACCESS EXCLUSIVE on public.t
DROP TRIGGER t_touch ON public.t;

-- 2. drop function public.touch()
--    lock: none
DROP FUNCTION public.touch();
