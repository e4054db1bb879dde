-- golden plan: drop an index of a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop index totals_customer of materialized view public.totals
--    lock: SHARE UPDATE EXCLUSIVE on public.totals
--    outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS public.totals_customer;
