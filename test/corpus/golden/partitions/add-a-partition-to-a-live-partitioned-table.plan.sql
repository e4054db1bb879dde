-- golden plan: add a partition to a live partitioned table
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.events_2025 like public.events, to attach as a partition
--    lock: none
CREATE TABLE public.events_2025 (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED);

-- 2. attach partition public.events_2025 to public.events
--    lock: SHARE UPDATE EXCLUSIVE on public.events
--    same transaction as the step before
ALTER TABLE public.events ATTACH PARTITION public.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
