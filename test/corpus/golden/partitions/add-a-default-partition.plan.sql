-- golden plan: add a default partition
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.events_other like public.events, to attach as a partition
--    lock: none
CREATE TABLE public.events_other (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED);

-- 2. attach partition public.events_other to public.events
--    lock: SHARE UPDATE EXCLUSIVE on public.events
--    same transaction as the step before
ALTER TABLE public.events ATTACH PARTITION public.events_other DEFAULT;
