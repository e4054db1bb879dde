-- golden plan: drop a domain check
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop check small of domain public.positive
--    lock: none
ALTER DOMAIN public.positive DROP CONSTRAINT small;
