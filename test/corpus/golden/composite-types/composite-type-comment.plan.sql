-- golden plan: composite type comment
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of composite type public.address
--    lock: none
COMMENT ON TYPE public.address IS 'a postal address';
