-- golden plan: widen a referenced primary key and its foreign key column
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.p.id from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.p
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.p ALTER COLUMN id TYPE bigint USING id::bigint;

-- 2. change type of public.c.p_id from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.c
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.c ALTER COLUMN p_id TYPE bigint USING p_id::bigint;
