-- golden plan: add a unique constraint
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. build unique index t_v_key concurrently for t_v_key on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if v has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY t_v_key ON public.t (v);

-- 2. attach index t_v_key as unique constraint
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_v_key UNIQUE USING INDEX t_v_key;
