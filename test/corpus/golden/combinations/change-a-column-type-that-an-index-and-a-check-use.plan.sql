-- golden plan: change a column type that an index and a check use
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.n from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.t ALTER COLUMN n TYPE bigint USING n::bigint;
