-- golden plan: add a unique index to a partitioned table with two partitions
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index events_id_at_key on only the partitioned table public.events
--    lock: SHARE on public.events
CREATE UNIQUE INDEX events_id_at_key ON ONLY public.events USING btree (id, at);

-- 2. build index events_2024_events_id_at_key on partition public.events_2024 concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.events_2024
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if existing rows have duplicate keys
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_2024_events_id_at_key ON public.events_2024 USING btree (id, at);

-- 3. attach index events_2024_events_id_at_key to events_id_at_key
--    lock: SHARE UPDATE EXCLUSIVE on public.events
ALTER INDEX public.events_id_at_key ATTACH PARTITION public.events_2024_events_id_at_key;

-- 4. build index events_2025_events_id_at_key on partition public.events_2025 concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.events_2025
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if existing rows have duplicate keys
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_2025_events_id_at_key ON public.events_2025 USING btree (id, at);

-- 5. attach index events_2025_events_id_at_key to events_id_at_key
--    lock: SHARE UPDATE EXCLUSIVE on public.events
ALTER INDEX public.events_id_at_key ATTACH PARTITION public.events_2025_events_id_at_key;
