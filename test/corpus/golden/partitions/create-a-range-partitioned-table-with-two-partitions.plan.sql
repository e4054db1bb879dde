-- golden plan: create a range-partitioned table with two partitions
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.events
--    lock: none
CREATE TABLE public.events (
  id bigint NOT NULL,
  at date NOT NULL,
  body text,
  CONSTRAINT events_pkey PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

-- 2. create partition public.events_2024 of public.events
--    lock: none
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- 3. create partition public.events_2025 of public.events
--    lock: none
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
