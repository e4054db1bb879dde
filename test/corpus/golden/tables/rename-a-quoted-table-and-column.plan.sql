-- golden plan: rename a quoted table and column
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.Old Name to New Name
--    lock: ACCESS EXCLUSIVE on public.Old Name
ALTER TABLE public."Old Name" RENAME TO "New Name";

-- 2. rename column Col A of public.New Name to Col B
--    lock: ACCESS EXCLUSIVE on public.New Name
ALTER TABLE public."New Name" RENAME COLUMN "Col A" TO "Col B";
