-- golden plan: drop an unused composite type
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop composite type public.address
--    lock: none
DROP TYPE public.address;
