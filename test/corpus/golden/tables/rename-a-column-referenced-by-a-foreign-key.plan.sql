-- golden plan: rename a column referenced by a foreign key
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename column code of public.p to key
--    lock: ACCESS EXCLUSIVE on public.p
ALTER TABLE public.p RENAME COLUMN code TO key;
