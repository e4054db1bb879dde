-- golden plan: change the type of a column a trigger's update of uses: the trigger is re-created around it
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop trigger t_touch on public.t (a column it uses changes type)
--    lock: ACCESS EXCLUSIVE on public.t
DROP TRIGGER t_touch ON public.t;

-- 2. change type of public.t.v from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.t ALTER COLUMN v TYPE bigint USING v::bigint;

-- 3. create trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
--    same transaction as the step before
CREATE TRIGGER t_touch BEFORE UPDATE OF v ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
