-- golden plan: widen a partition bound (detach and attach again)
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. detach partition public.events_2024 to change its bound from FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') to FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')
--    lock: ACCESS EXCLUSIVE on public.events
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it detaches and re-attaches the partition (one transaction): reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it detaches and re-attaches the partition (one transaction): writes wait
ALTER TABLE public.events DETACH PARTITION public.events_2024;

-- 2. attach partition public.events_2024 FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')
--    lock: ACCESS EXCLUSIVE on public.events
--    same transaction as the step before
--    hazard mayFailOnExistingData: fails if rows of events_2024 fall outside FOR VALUES FROM ('2023-01-01') TO ('2025-01-01')
--    hazard blocksReads: scans events_2024 to check the new bound while the parent is locked
ALTER TABLE public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2023-01-01') TO ('2025-01-01');
