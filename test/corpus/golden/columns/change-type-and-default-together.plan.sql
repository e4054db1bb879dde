-- golden plan: change type and default together
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop default of public.t.v
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN v DROP DEFAULT;

-- 2. change type of public.t.v from integer to text
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to text
ALTER TABLE public.t ALTER COLUMN v TYPE text USING v::text;

-- 3. set default of public.t.v
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ALTER COLUMN v SET DEFAULT 'one'::text;
