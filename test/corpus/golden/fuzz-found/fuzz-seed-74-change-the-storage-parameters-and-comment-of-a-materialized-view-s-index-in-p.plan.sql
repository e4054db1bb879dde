-- golden plan: fuzz seed 74: change the storage parameters and comment of a materialized view's index in place
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set storage parameters of index totals_customer of public.totals
--    lock: SHARE UPDATE EXCLUSIVE on public.totals
ALTER INDEX public.totals_customer SET (fillfactor = 60);

-- 2. set comment of index totals_customer of public.totals
--    lock: none
COMMENT ON INDEX public.totals_customer IS NULL;
