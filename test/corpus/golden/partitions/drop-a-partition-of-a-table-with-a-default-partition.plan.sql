-- golden plan: drop a partition of a table with a default partition
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. detach partition public.events_2025 from public.events
--    lock: ACCESS EXCLUSIVE on public.events
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it detaches the partition: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it detaches the partition: writes wait
ALTER TABLE public.events DETACH PARTITION public.events_2025;

-- 2. drop partition public.events_2025
--    lock: ACCESS EXCLUSIVE on public.events_2025
--    hazard deletesData: drops partition public.events_2025 and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.events_2025;
