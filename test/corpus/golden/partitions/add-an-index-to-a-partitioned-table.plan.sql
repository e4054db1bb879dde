-- golden plan: add an index to a partitioned table
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index events_body_idx on public.events
--    lock: SHARE on public.events
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard blocksWrites: a plain CREATE INDEX blocks writes while it builds
CREATE INDEX events_body_idx ON public.events USING btree (body);
