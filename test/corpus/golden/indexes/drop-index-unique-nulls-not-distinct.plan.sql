-- golden plan: drop index: unique nulls not distinct
-- corpus: test/corpus/cases/indexes.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop index t_idx of public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS public.t_idx;
