-- golden plan: partition comment
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of partition public.events_2024
--    lock: SHARE UPDATE EXCLUSIVE on public.events_2024
COMMENT ON TABLE public.events_2024 IS 'the year 2024';
