-- golden plan: drop an exclusion constraint
-- corpus: test/corpus/cases/exclusion.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint t_no_overlap of public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t DROP CONSTRAINT t_no_overlap;
