-- golden plan: set and change a domain default
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set default of domain public.positive
--    lock: none
ALTER DOMAIN public.positive SET DEFAULT 7;
