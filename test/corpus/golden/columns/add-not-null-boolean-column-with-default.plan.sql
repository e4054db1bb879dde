-- golden plan: add NOT NULL boolean column with default
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column c to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN c boolean DEFAULT false NOT NULL;
