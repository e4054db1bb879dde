-- golden plan: gin index with fastupdate off
-- corpus: test/corpus/cases/table-details.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index t_b_gin on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY t_b_gin ON public.t USING gin ((to_tsvector('simple'::regconfig, b))) WITH (fastupdate = off);
