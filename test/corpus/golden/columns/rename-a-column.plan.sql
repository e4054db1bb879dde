-- golden plan: rename a column
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename column v of public.t to w
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME COLUMN v TO w;
