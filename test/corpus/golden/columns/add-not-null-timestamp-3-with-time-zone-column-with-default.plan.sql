-- golden plan: add NOT NULL timestamp(3) with time zone column with default
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column c to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN c timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL;
