-- golden plan: comment on a view
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of view public.big_orders
--    lock: none
COMMENT ON VIEW public.big_orders IS 'orders over 100, for the report';
