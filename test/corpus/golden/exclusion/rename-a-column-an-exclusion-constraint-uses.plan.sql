-- golden plan: rename a column an exclusion constraint uses
-- corpus: test/corpus/cases/exclusion.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename column during of public.t to slot
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME COLUMN during TO slot;
