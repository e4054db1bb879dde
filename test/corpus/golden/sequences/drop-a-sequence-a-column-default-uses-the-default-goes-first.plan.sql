-- golden plan: drop a sequence a column default uses: the default goes first
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop default of public.t.id
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN id DROP DEFAULT;

-- 2. drop sequence public.t_ids
--    lock: ACCESS EXCLUSIVE on public.t_ids
--    hazard deletesData: drops sequence public.t_ids and its current value
--    hazard notReversible: a sequence created again starts over
DROP SEQUENCE IF EXISTS public.t_ids;
