-- golden plan: add a multi-column unique constraint
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. build unique index t_vw concurrently for t_vw on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if v, w has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY t_vw ON public.t (v, w);

-- 2. attach index t_vw as unique constraint
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_vw UNIQUE USING INDEX t_vw;
