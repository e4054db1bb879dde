-- golden plan: change an index's fillfactor in place
-- corpus: test/corpus/cases/table-details.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set storage parameters of index t_a_idx of public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
ALTER INDEX public.t_a_idx SET (fillfactor = 90);
