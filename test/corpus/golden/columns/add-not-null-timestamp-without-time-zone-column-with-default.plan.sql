-- golden plan: add NOT NULL timestamp without time zone column with default
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column c to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN c timestamp without time zone DEFAULT '2020-01-01 00:00:00'::timestamp without time zone NOT NULL;
