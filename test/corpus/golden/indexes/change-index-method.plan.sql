-- golden plan: change index method
-- corpus: test/corpus/cases/indexes.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop index t_idx of public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS public.t_idx;

-- 2. create index t_idx on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY t_idx ON public.t USING hash (email);
