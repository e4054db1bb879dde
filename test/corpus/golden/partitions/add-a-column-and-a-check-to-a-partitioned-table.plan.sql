-- golden plan: add a column and a check to a partitioned table
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column size to public.events
--    lock: ACCESS EXCLUSIVE on public.events
ALTER TABLE public.events ADD COLUMN size integer;

-- 2. add check events_size_check on public.events
--    lock: ACCESS EXCLUSIVE on public.events
--    hazard mayFailOnExistingData: fails if existing rows violate (size > 0)
--    hazard blocksWrites: scans the table while holding the lock
ALTER TABLE public.events ADD CONSTRAINT events_size_check CHECK ((size > 0));
