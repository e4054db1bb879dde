-- golden plan: domain comment
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of domain public.positive
--    lock: none
COMMENT ON DOMAIN public.positive IS 'strictly above zero';
