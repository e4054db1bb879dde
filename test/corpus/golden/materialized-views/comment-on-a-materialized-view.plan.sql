-- golden plan: comment on a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of materialized view public.totals
--    lock: none
COMMENT ON MATERIALIZED VIEW public.totals IS 'refreshed nightly';
