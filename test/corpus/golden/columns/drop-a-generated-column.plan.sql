-- golden plan: drop a generated column
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop column g of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard notReversible: drops a generated column (its values are recomputed if added again)
ALTER TABLE public.t DROP COLUMN g;
