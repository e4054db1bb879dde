-- golden plan: drop a column comment
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of column public.t.v
--    lock: SHARE UPDATE EXCLUSIVE on public.t
COMMENT ON COLUMN public.t.v IS NULL;
