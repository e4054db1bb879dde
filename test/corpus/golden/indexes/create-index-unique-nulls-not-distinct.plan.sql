-- golden plan: create index: unique nulls not distinct
-- corpus: test/corpus/cases/indexes.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index t_idx on public.t concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if existing rows have duplicate keys
CREATE UNIQUE INDEX CONCURRENTLY t_idx ON public.t USING btree (email) NULLS NOT DISTINCT;
