-- golden plan: rename a column and change its type
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename column v of public.t to w
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME COLUMN v TO w;

-- 2. change type of public.t.w from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.t ALTER COLUMN w TYPE bigint USING w::bigint;
