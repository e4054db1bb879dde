-- golden plan: add an index and a partition to a partitioned table at once
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index events_body_idx on only the partitioned table public.events
--    lock: SHARE on public.events
CREATE INDEX events_body_idx ON ONLY public.events USING btree (body);

-- 2. build index events_2024_events_body_idx on partition public.events_2024 concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.events_2024
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_2024_events_body_idx ON public.events_2024 USING btree (body);

-- 3. attach index events_2024_events_body_idx to events_body_idx
--    lock: SHARE UPDATE EXCLUSIVE on public.events
ALTER INDEX public.events_body_idx ATTACH PARTITION public.events_2024_events_body_idx;

-- 4. create table public.events_2025 like public.events, to attach as a partition
--    lock: none
CREATE TABLE public.events_2025 (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED);

-- 5. attach partition public.events_2025 to public.events
--    lock: SHARE UPDATE EXCLUSIVE on public.events
--    same transaction as the step before
ALTER TABLE public.events ATTACH PARTITION public.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
