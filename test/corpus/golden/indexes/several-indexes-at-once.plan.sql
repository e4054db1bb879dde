-- golden plan: several indexes at once
-- corpus: test/corpus/cases/indexes.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop index a of public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS public.a;

-- 2. create index b on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY b ON public.t USING btree (score);

-- 3. create index c on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY c ON public.t USING gin (tags);

-- 4. create index d on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY d ON public.t USING brin (created);
