-- golden plan: add an attribute to a composite type in use
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add attribute city to composite type public.address
--    lock: none
ALTER TYPE public.address ADD ATTRIBUTE city text;
