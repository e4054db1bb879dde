-- golden plan: change a generated expression
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop column g of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard notReversible: drops a generated column (its values are recomputed if added again)
ALTER TABLE public.t DROP COLUMN g;

-- 2. add column g to public.t as generated
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
--    hazard rewritesTable: computes the generated column for every row
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS ((price * 3)) STORED;
