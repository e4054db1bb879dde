-- golden plan: remove an index comment
-- corpus: test/corpus/cases/table-details.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of index t_a_idx of public.t
--    lock: none
COMMENT ON INDEX public.t_a_idx IS NULL;
