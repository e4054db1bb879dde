-- golden plan: drop a unique constraint
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint t_v_key of public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t DROP CONSTRAINT t_v_key;
