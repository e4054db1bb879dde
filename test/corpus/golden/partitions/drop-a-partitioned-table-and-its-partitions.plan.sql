-- golden plan: drop a partitioned table and its partitions
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.events
--    lock: ACCESS EXCLUSIVE on public.events
--    hazard deletesData: drops table public.events and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.events;
