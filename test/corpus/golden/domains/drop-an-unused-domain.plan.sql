-- golden plan: drop an unused domain
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop domain public.positive
--    lock: none
DROP DOMAIN public.positive;
