-- golden plan: drop a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop materialized view public.totals
--    lock: ACCESS EXCLUSIVE on public.totals
--    hazard notReversible: queries that use materialized view public.totals fail once it is gone
DROP MATERIALIZED VIEW public.totals;
