-- golden plan: change a collation
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.v from text to text COLLATE "POSIX"
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from text to text
ALTER TABLE public.t ALTER COLUMN v TYPE text COLLATE "POSIX" USING v::text;
