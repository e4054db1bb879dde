-- golden plan: drop a partition
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. detach partition public.events_2025 from public.events concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.events
--    outside a transaction
ALTER TABLE public.events DETACH PARTITION public.events_2025 CONCURRENTLY;

-- 2. drop partition public.events_2025
--    lock: ACCESS EXCLUSIVE on public.events_2025
--    hazard deletesData: drops partition public.events_2025 and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.events_2025;
