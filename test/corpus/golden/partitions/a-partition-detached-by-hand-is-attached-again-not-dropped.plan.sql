-- golden plan: a partition detached by hand is attached again, not dropped
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. attach the existing table public.events_2025 as a partition of public.events
--    lock: SHARE UPDATE EXCLUSIVE on public.events
--    hazard mayFailOnExistingData: fails if rows of events_2025 fall outside FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
--    hazard mayFailOnExistingData: fails unless events_2025 has exactly the columns and checks of events
--    hazard blocksWrites: scans events_2025 under ACCESS EXCLUSIVE to check its rows against the bound
ALTER TABLE public.events ATTACH PARTITION public.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
